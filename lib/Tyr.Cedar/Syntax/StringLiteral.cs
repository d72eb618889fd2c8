using System.Text;

namespace Tyr.Cedar.Syntax;

/// <summary>
/// Unescapes string literals the way Cedar does (Rust's rules): <c>\n \r \t \\ \0 \' \"</c>,
/// <c>\x</c> with two hex digits up to 7F, and <c>\u{...}</c> with one to six hex digits naming a
/// Unicode scalar value. A <c>like</c> pattern also accepts <c>\*</c>, a literal star.
/// </summary>
internal static class StringLiteral
{
    /// <summary>The value of a string token (quotes included in <paramref name="token"/>).</summary>
    public static string Unescape(string source, Token token)
    {
        var body = Body(source, token);
        if (body.IndexOfAny('\\', '\r') < 0)
        {
            return body.ToString();
        }

        var sb = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] == '\\')
            {
                var c = ReadEscape(body, ref i, token, allowStar: false);
                sb.Append(c.Value);
            }
            else
            {
                sb.Append(ReadPlain(body, ref i, token));
            }
        }

        return sb.ToString();
    }

    /// <summary>The elements of a <c>like</c> pattern: characters, with <c>null</c> for each unescaped <c>*</c>.</summary>
    public static List<char?> UnescapePattern(string source, Token token)
    {
        var body = Body(source, token);
        var elements = new List<char?>(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            if (body[i] == '\\')
            {
                var escape = ReadEscape(body, ref i, token, allowStar: true);

                // Only the two-character escape \* is a literal star; a star spelled \u{2a} or \x2a
                // is still a wildcard, as in the official implementation.
                if (escape.IsLiteralStar)
                {
                    elements.Add('*');
                }
                else
                {
                    AddPatternText(elements, escape.Value);
                }
            }
            else
            {
                var c = ReadPlain(body, ref i, token);
                elements.Add(c == '*' ? null : c);
            }
        }

        return elements;
    }

    private static void AddPatternText(List<char?> elements, string text)
    {
        foreach (var c in text)
        {
            elements.Add(c == '*' ? null : c);
        }
    }

    private static ReadOnlySpan<char> Body(string source, Token token) => source.AsSpan(token.Offset + 1, token.Length - 2);

    private static char ReadPlain(ReadOnlySpan<char> body, ref int i, Token token)
    {
        // Rust string literals refuse a bare carriage return; Cedar inherits that.
        if (body[i] == '\r')
        {
            throw Error("a string literal cannot contain a bare carriage return; write `\\r`", token);
        }

        return body[i++];
    }

    private readonly record struct Escape(string Value, bool IsLiteralStar);

    private static Escape ReadEscape(ReadOnlySpan<char> body, ref int i, Token token, bool allowStar)
    {
        var start = i;
        var kind = i + 1 < body.Length ? body[i + 1] : '\0';
        i += 2;
        switch (kind)
        {
            case 'n': return new("\n", false);
            case 'r': return new("\r", false);
            case 't': return new("\t", false);
            case '\\': return new("\\", false);
            case '0': return new("\0", false);
            case '\'': return new("'", false);
            case '"': return new("\"", false);
            case '*' when allowStar: return new("*", true);
            case 'x': return new(ReadHexByte(body, start, ref i, token), false);
            case 'u': return new(ReadUnicode(body, start, ref i, token), false);
            default:
                throw InvalidEscape(body, start, Math.Min(i, body.Length), token);
        }
    }

    /// <summary><c>\xHH</c>: exactly two hex digits, ASCII only.</summary>
    private static string ReadHexByte(ReadOnlySpan<char> body, int start, ref int i, Token token)
    {
        var value = 0;
        for (var n = 0; n < 2; n++)
        {
            if (i >= body.Length || !char.IsAsciiHexDigit(body[i]))
            {
                throw InvalidEscape(body, start, Math.Min(i + 1, body.Length), token);
            }

            value = (value * 16) + HexValue(body[i]);
            i++;
        }

        if (value > 0x7F)
        {
            throw InvalidEscape(body, start, i, token);
        }

        return ((char)value).ToString();
    }

    /// <summary><c>\u{H...}</c>: one to six hex digits in braces, a scalar value (no surrogates).</summary>
    private static string ReadUnicode(ReadOnlySpan<char> body, int start, ref int i, Token token)
    {
        if (i >= body.Length || body[i] != '{')
        {
            throw InvalidEscape(body, start, Math.Min(i + 1, body.Length), token);
        }

        i++;
        var digits = 0;
        var value = 0;
        while (i < body.Length && body[i] != '}')
        {
            if (!char.IsAsciiHexDigit(body[i]))
            {
                throw InvalidEscape(body, start, i + 1, token);
            }

            // Keep scanning past six digits so that the message shows the whole escape.
            if (digits < 7)
            {
                value = (value * 16) + HexValue(body[i]);
            }

            digits++;
            i++;
        }

        if (i >= body.Length)
        {
            throw InvalidEscape(body, start, body.Length, token);
        }

        i++;
        if (digits is 0 or > 6 || !Rune.IsValid(value))
        {
            throw InvalidEscape(body, start, i, token);
        }

        return new Rune(value).ToString();
    }

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10;

    private static CedarParseException InvalidEscape(ReadOnlySpan<char> body, int start, int end, Token token) =>
        Error($"the input `{body[start..end]}` is not a valid escape", token);

    private static CedarParseException Error(string detail, Token token) => new(detail, token.Line, token.Column);
}
