namespace Tyr.Policy;

/// <summary>Finds the known key a misspelt one was probably meant to be; shared by the YAML readers of policies and agent catalogues.</summary>
public static class KeySuggestion
{
    /// <summary>The refusal of an unknown key: "did you mean" when one is close, else the known keys.</summary>
    public static string UnknownKeyMessage(string key, IReadOnlyList<string> known) =>
        Closest(key, known) is { } suggestion
            ? $"unknown key `{key}` (did you mean `{suggestion}`?)"
            : $"unknown key `{key}` (known keys: {string.Join(", ", known)})";

    /// <summary>The known key closest to <paramref name="key"/>, if it is within a couple of edits.</summary>
    public static string? Closest(string key, IReadOnlyList<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        var limit = Math.Max(1, Math.Min(2, key.Length / 3));
        return bestDistance <= limit ? best : null;
    }

    // Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
