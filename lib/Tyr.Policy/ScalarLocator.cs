using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tyr.Policy;

/// <summary>
/// Maps a line and column inside a scalar's value back to the YAML source, so that an error in an embedded
/// language (a Cedar condition) points into the file. Exact for single-line plain and quoted scalars and for block
/// scalars; anything else falls back to the scalar's start.
/// </summary>
internal static class ScalarLocator
{
    public static (int Line, int Column) Locate(string source, YamlScalarNode node, int valueLine, int valueColumn)
    {
        var value = node.Value ?? string.Empty;
        var offset = OffsetOf(value, valueLine, valueColumn);
        var map = node.Style switch
        {
            ScalarStyle.Plain or ScalarStyle.Any => FlowMap(source, node, value, quote: null),
            ScalarStyle.SingleQuoted => FlowMap(source, node, value, quote: '\''),
            ScalarStyle.DoubleQuoted => FlowMap(source, node, value, quote: '"'),
            ScalarStyle.Literal or ScalarStyle.Folded => BlockMap(source, node, value),
            _ => null,
        };
        if (map is null || map.Count == 0 || offset < 0)
        {
            return ((int)node.Start.Line, (int)node.Start.Column);
        }

        if (offset < map.Count)
        {
            return map[offset];
        }

        // Just past the end (an unexpected end of input): the column after the last character.
        var last = map[^1];
        return (last.Line, last.Column + 1);
    }

    private static int OffsetOf(string value, int line, int column)
    {
        var offset = 0;
        for (var current = 1; current < line; current++)
        {
            var newline = value.IndexOf('\n', offset);
            if (newline < 0)
            {
                return -1;
            }

            offset = newline + 1;
        }

        return offset + column - 1;
    }

    private static List<(int Line, int Column)>? FlowMap(string source, YamlScalarNode node, string value, char? quote)
    {
        var start = (int)node.Start.Index;
        var end = Math.Min((int)node.End.Index, source.Length);
        if (start < 0 || end <= start || source.AsSpan(start, end - start).IndexOfAny('\n', '\r') >= 0)
        {
            return null;
        }

        var line = (int)node.Start.Line;
        var column = (int)node.Start.Column;
        var map = new List<(int, int)>(value.Length);
        var built = new StringBuilder(value.Length);
        var i = start;
        if (quote is not null)
        {
            i++;
            end--;
        }

        while (i < end)
        {
            var position = (line, column + (i - start));
            if (quote == '\'' && source[i] == '\'' && i + 1 < end && source[i + 1] == '\'')
            {
                built.Append('\'');
                map.Add(position);
                i += 2;
            }
            else if (quote == '"' && source[i] == '\\' && i + 1 < end)
            {
                // Escapes decode to one character (or a surrogate pair); YamlDotNet has already decoded the value,
                // so take the characters from it and point them all at the backslash.
                var length = EscapeLength(source, i, end);
                var decoded = value.Length > built.Length ? (char.IsHighSurrogate(value[built.Length]) ? 2 : 1) : 1;
                for (var k = 0; k < decoded && built.Length < value.Length; k++)
                {
                    built.Append(value[built.Length]);
                    map.Add(position);
                }

                i += length;
            }
            else
            {
                built.Append(source[i]);
                map.Add(position);
                i++;
            }
        }

        return built.ToString() == value ? map : null;
    }

    private static int EscapeLength(string source, int backslash, int end)
    {
        var kind = source[backslash + 1];
        var length = kind switch
        {
            'x' => 4,
            'u' => 6,
            'U' => 10,
            _ => 2,
        };
        return Math.Min(length, end - backslash);
    }

    private static List<(int Line, int Column)>? BlockMap(string source, YamlScalarNode node, string value)
    {
        var lines = source.Split('\n');
        var headerLine = (int)node.Start.Line; // 1-based line of the `|` or `>` indicator
        var lastLine = Math.Min((int)node.End.Line, lines.Length);
        var content = new List<(string Text, int Line)>();
        var indent = -1;
        for (var number = headerLine + 1; number <= lastLine; number++)
        {
            var text = lines[number - 1].TrimEnd('\r');
            if (text.Trim().Length == 0)
            {
                content.Add((string.Empty, number));
                continue;
            }

            var leading = text.Length - text.TrimStart(' ').Length;
            if (indent < 0)
            {
                indent = leading;
            }
            else if (leading < indent)
            {
                break;
            }

            content.Add((text[indent..], number));
        }

        if (indent < 0)
        {
            return null;
        }

        var map = new List<(int, int)>(value.Length);
        var built = new StringBuilder(value.Length);
        var folded = node.Style == ScalarStyle.Folded;
        var previousNonBlank = -1;
        for (var index = 0; index < content.Count; index++)
        {
            var (text, number) = content[index];
            if (text.Length == 0)
            {
                continue;
            }

            if (previousNonBlank >= 0)
            {
                var blanks = index - previousNonBlank - 1;
                var breakLine = content[previousNonBlank].Line;
                var breakColumn = indent + content[previousNonBlank].Text.Length + 1;
                var bothNormal = !IsMoreIndented(content[previousNonBlank].Text) && !IsMoreIndented(text);
                if (folded && bothNormal)
                {
                    AppendBreaks(built, map, blanks == 0 ? ' ' : '\n', Math.Max(blanks, 1), breakLine, breakColumn);
                }
                else
                {
                    AppendBreaks(built, map, '\n', blanks + 1, breakLine, breakColumn);
                }
            }

            for (var k = 0; k < text.Length; k++)
            {
                built.Append(text[k]);
                map.Add((number, indent + k + 1));
            }

            previousNonBlank = index;
        }

        // Chomping only changes trailing line breaks, which never hold an error position.
        return built.ToString() == value.TrimEnd('\n') ? map : null;
    }

    private static bool IsMoreIndented(string text) => text.Length > 0 && text[0] is ' ' or '\t';

    private static void AppendBreaks(StringBuilder built, List<(int, int)> map, char separator, int count, int line, int column)
    {
        for (var k = 0; k < count; k++)
        {
            built.Append(separator);
            map.Add((line, column));
        }
    }
}
