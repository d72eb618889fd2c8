namespace Tyr.Metrics;

/// <summary>The format's rules for metric and label names; a wrong name is a bug in Tyr, so it throws.</summary>
public static class MetricNames
{
    /// <summary>[a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static bool IsValid(ReadOnlySpan<char> name) => IsName(name, allowColon: true);

    /// <summary>[a-zA-Z_][a-zA-Z0-9_]*, not starting with the reserved <c>__</c>.</summary>
    public static bool IsValidLabel(ReadOnlySpan<char> name) => IsName(name, allowColon: false) && !name.StartsWith("__");

    internal static void ThrowIfInvalid(string name)
    {
        if (!IsValid(name))
        {
            throw new ArgumentException($"'{name}' is not a valid metric name", nameof(name));
        }
    }

    internal static void ThrowIfInvalidLabel(string name)
    {
        if (!IsValidLabel(name))
        {
            throw new ArgumentException($"'{name}' is not a valid label name", nameof(name));
        }
    }

    private static bool IsName(ReadOnlySpan<char> name, bool allowColon)
    {
        if (name.IsEmpty)
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var ok = char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
