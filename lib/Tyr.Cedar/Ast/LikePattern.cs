namespace Tyr.Cedar.Ast;

/// <summary>
/// A <c>like</c> pattern: literal text and <c>*</c> wildcards (an escaped <c>\*</c> is a literal star).
/// Stored as literal segments between wildcards so that matching needs no allocation.
/// </summary>
public sealed class LikePattern
{
    /// <param name="elements">Literal characters, with <c>null</c> for each wildcard.</param>
    public LikePattern(IReadOnlyList<char?> elements)
    {
        Elements = elements;
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var e in elements)
        {
            if (e is { } c)
            {
                current.Append(c);
            }
            else
            {
                segments.Add(current.ToString());
                current.Clear();
            }
        }

        segments.Add(current.ToString());
        Segments = [.. segments];
    }

    /// <summary>The pattern as parsed: a character, or <c>null</c> for a wildcard.</summary>
    public IReadOnlyList<char?> Elements { get; }

    /// <summary>Literal text between wildcards; one segment means no wildcard at all.</summary>
    internal string[] Segments { get; }

    public bool Matches(string text)
    {
        var segments = Segments;
        if (segments.Length == 1)
        {
            return string.Equals(text, segments[0], StringComparison.Ordinal);
        }

        var span = text.AsSpan();
        var first = segments[0];
        var last = segments[^1];
        if (span.Length < first.Length + last.Length || !span.StartsWith(first, StringComparison.Ordinal) ||
            !span.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // Greedy leftmost matching of the middle segments is exact for patterns with only '*'.
        var rest = span[first.Length..^last.Length];
        for (var i = 1; i < segments.Length - 1; i++)
        {
            var at = rest.IndexOf(segments[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + segments[i].Length)..];
        }

        return true;
    }

    public override string ToString()
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var e in Elements)
        {
            sb.Append(e switch
            {
                null => "*",
                '*' => "\\*",
                _ => Values.CedarString.Quote(e.Value.ToString())[1..^1],
            });
        }

        return sb.Append('"').ToString();
    }
}
