using System.Text;
using Tyr.Cedar.Values;

namespace Tyr.Policy.Compilation;

/// <summary>Cedar string literals and <c>like</c> patterns for text taken from a policy.</summary>
internal static class CedarLiteral
{
    public static string String(string text) => CedarString.Quote(text);

    /// <summary>A <c>like</c> pattern for every string that starts with <paramref name="prefix"/>.</summary>
    public static string Prefix(string prefix) => "\"" + Escape(prefix) + "*\"";

    /// <summary>A <c>like</c> pattern where each <c>*</c> of <paramref name="glob"/> is a wildcard and everything else literal.</summary>
    public static string Glob(string glob) => "\"" + string.Join('*', glob.Split('*').Select(Escape)) + "\"";

    /// <summary>The inside of a quoted literal, with a literal <c>*</c> escaped as the pattern syntax wants.</summary>
    private static string Escape(string literal)
    {
        var quoted = CedarString.Quote(literal);
        var inner = quoted[1..^1];
        return inner.Contains('*', StringComparison.Ordinal) ? new StringBuilder(inner).Replace("*", "\\*").ToString() : inner;
    }
}
