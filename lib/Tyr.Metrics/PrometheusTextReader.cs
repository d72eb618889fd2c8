using System.Globalization;
using System.Text;

namespace Tyr.Metrics;

/// <summary>
/// Reads the text exposition format back (for <c>tyrd status</c>). Strict: every line is empty, a
/// comment, or <c>name{labels} value [timestamp]</c>; anything else is an error that names the line.
/// It never throws on bad input: what it reads comes over the network.
/// </summary>
public static class PrometheusTextReader
{
    /// <summary>Parses <paramref name="text"/>; false with <paramref name="error"/> ("line N: ...") when it is not the format.</summary>
    public static bool TryParse(string text, out List<MetricSample> samples, out string? error)
    {
        samples = [];
        error = null;
        var number = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            number++;
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!TryParseSample(line, out var sample, out var problem))
            {
                error = $"line {number}: {problem}";
                return false;
            }

            samples.Add(sample!);
        }

        return true;
    }

    private static bool TryParseSample(string line, out MetricSample? sample, out string? problem)
    {
        sample = null;
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' ' or '\t'))
        {
            position++;
        }

        var name = line[..position];
        if (!MetricNames.IsValid(name))
        {
            problem = $"'{Clip(name)}' is not a metric name";
            return false;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{' && !TryParseLabels(line, ref position, labels, out problem))
        {
            return false;
        }

        var rest = line[position..].Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length is 0 or > 2)
        {
            problem = $"{name}: expected a value (and an optional timestamp)";
            return false;
        }

        if (!TryParseValue(rest[0], out var value))
        {
            problem = $"{name}: '{Clip(rest[0])}' is not a number";
            return false;
        }

        if (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            problem = $"{name}: '{Clip(rest[1])}' is not a timestamp";
            return false;
        }

        sample = new MetricSample(name, labels, value);
        problem = null;
        return true;
    }

    private static bool TryParseLabels(string line, ref int position, Dictionary<string, string> labels, out string? problem)
    {
        position++; // '{'
        while (true)
        {
            if (position < line.Length && line[position] == '}')
            {
                position++;
                problem = null;
                return true;
            }

            var start = position;
            while (position < line.Length && line[position] != '=')
            {
                position++;
            }

            var label = line[start..position].Trim();
            if (position >= line.Length || !MetricNames.IsValid(label) || label.Contains(':', StringComparison.Ordinal))
            {
                problem = $"'{Clip(label)}' is not a label name";
                return false;
            }

            position++; // '='
            if (position >= line.Length || line[position] != '"')
            {
                problem = $"label {label}: expected a quoted value";
                return false;
            }

            position++;
            var value = new StringBuilder();
            var closed = false;
            while (position < line.Length)
            {
                var c = line[position++];
                if (c == '"')
                {
                    closed = true;
                    break;
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (position >= line.Length)
                {
                    break;
                }

                var escaped = line[position++];
                switch (escaped)
                {
                    case '\\' or '"':
                        value.Append(escaped);
                        break;
                    case 'n':
                        value.Append('\n');
                        break;
                    default:
                        problem = $"label {label}: unknown escape '\\{escaped}'";
                        return false;
                }
            }

            if (!closed)
            {
                problem = $"label {label}: the value is not closed";
                return false;
            }

            if (!labels.TryAdd(label, value.ToString()))
            {
                problem = $"label {label} appears twice";
                return false;
            }

            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position >= line.Length || line[position] != '}')
            {
                problem = "expected ',' or '}' after a label";
                return false;
            }
        }
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
