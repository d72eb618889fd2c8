using System.Globalization;
using System.Text;

namespace Tyr.Metrics;

/// <summary>
/// Builds a scrape in the Prometheus text exposition format, version 0.0.4: a <c># HELP</c> and a
/// <c># TYPE</c> line per family, then its samples, <c>name{label="value",...} value</c>.
/// </summary>
public sealed class PrometheusTextWriter
{
    /// <summary>The Content-Type of a scrape.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new(4096);

    /// <summary>Starts a family: its help text and its type (counter, gauge, histogram, untyped).</summary>
    public PrometheusTextWriter Family(string name, MetricType type, string help)
    {
        MetricNames.ThrowIfInvalid(name);
        _text.Append("# HELP ").Append(name).Append(' ');
        AppendEscaped(help, escapeQuotes: false);
        _text.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(TypeName(type)).Append('\n');
        return this;
    }

    /// <summary>One sample with no labels.</summary>
    public PrometheusTextWriter Sample(string name, double value) => Sample(name, value, []);

    /// <summary>One sample; label names must be valid, label values may be anything (they are escaped).</summary>
    public PrometheusTextWriter Sample(string name, double value, params ReadOnlySpan<Label> labels)
    {
        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{');
            for (var i = 0; i < labels.Length; i++)
            {
                if (i > 0)
                {
                    _text.Append(',');
                }

                MetricNames.ThrowIfInvalidLabel(labels[i].Name);
                _text.Append(labels[i].Name).Append("=\"");
                AppendEscaped(labels[i].Value, escapeQuotes: true);
                _text.Append('"');
            }

            _text.Append('}');
        }

        _text.Append(' ').Append(FormatValue(value)).Append('\n');
        return this;
    }

    /// <summary>The scrape so far.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>A sample value as the format spells it: +Inf, -Inf, NaN, or the shortest round-trip number.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => "untyped",
    };

    // Label values escape backslash, double quote and line feed; HELP text only backslash and line feed.
    private void AppendEscaped(string value, bool escapeQuotes)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    _text.Append(@"\\");
                    break;
                case '\n':
                    _text.Append(@"\n");
                    break;
                case '"' when escapeQuotes:
                    _text.Append("\\\"");
                    break;
                default:
                    _text.Append(c);
                    break;
            }
        }
    }
}
