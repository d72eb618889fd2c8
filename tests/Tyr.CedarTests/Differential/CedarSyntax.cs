using System.Globalization;
using System.Text;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Spells strings, names and patterns as Cedar source, choosing among the equivalent escapes at
/// random so the parser under test meets every spelling (<c>\n</c>, <c>\u{a}</c>, <c>\x41</c>, <c>\'</c>...).
/// Deliberately independent of the engine's own quoting.
/// </summary>
internal static class CedarSyntax
{
    private static readonly HashSet<string> s_reserved =
        ["true", "false", "if", "then", "else", "in", "is", "like", "has", "__cedar"];

    public static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || s_reserved.Contains(name) || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Quote(string s, Random rng)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        var vary = rng.Next(4) == 0;
        foreach (var rune in s.EnumerateRunes())
        {
            AppendEscaped(sb, rune, vary, rng);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>A <c>like</c> pattern; null elements are wildcards, the others literal characters.</summary>
    public static string Pattern(IReadOnlyList<Rune?> elements, Random rng)
    {
        var sb = new StringBuilder().Append('"');
        var vary = rng.Next(4) == 0;
        foreach (var element in elements)
        {
            if (element is not { } rune)
            {
                // An escaped star that is not `\*` still means a wildcard: the escape is undone first.
                sb.Append(vary && rng.Next(4) == 0 ? "\\u{2a}" : "*");
            }
            else if (rune.Value == '*')
            {
                sb.Append("\\*");
            }
            else
            {
                AppendEscaped(sb, rune, vary, rng);
            }
        }

        return sb.Append('"').ToString();
    }

    private static void AppendEscaped(StringBuilder sb, Rune rune, bool vary, Random rng)
    {
        var v = rune.Value;
        var alternative = vary && rng.Next(3) == 0;
        switch (v)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\n': sb.Append(alternative ? "\\u{a}" : "\\n"); return;
            case '\r': sb.Append(alternative ? "\\x0d" : "\\r"); return;
            case '\t': sb.Append(alternative ? "\\u{0009}" : "\\t"); return;
            case '\0': sb.Append(alternative ? "\\u{0}" : "\\0"); return;
            case '\'': sb.Append(alternative ? "\\'" : "'"); return;
            default:
                break;
        }

        if (Rune.IsControl(rune) || (alternative && v < 0x80 && v != '*'))
        {
            sb.Append(rng.Next(2) == 0 && v < 0x80
                ? "\\x" + v.ToString("x2", CultureInfo.InvariantCulture)
                : "\\u{" + v.ToString("X", CultureInfo.InvariantCulture) + "}");
        }
        else if (alternative && v >= 0x80)
        {
            sb.Append("\\u{").Append(v.ToString("x", CultureInfo.InvariantCulture)).Append('}');
        }
        else
        {
            sb.Append(rune.ToString());
        }
    }
}
