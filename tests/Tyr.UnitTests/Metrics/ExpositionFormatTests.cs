using Tyr.Metrics;

namespace Tyr.UnitTests.Metrics;

public sealed class ExpositionFormatTests
{
    [Fact]
    public void HostileLabelValuesAreEscapedAndReadBackUnchanged()
    {
        const string hostile = "a \"quoted\" \\path\\ with\na newline} and , comma";
        var writer = new PrometheusTextWriter();
        writer.Family("tyr_test_total", MetricType.Counter, "help with \\ and\nnewline").Sample("tyr_test_total", 3, new Label("path", hostile));

        var text = writer.ToString();

        Assert.Equal(3, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("# HELP tyr_test_total help with \\\\ and\\nnewline\n", text, StringComparison.Ordinal);
        Assert.True(PrometheusTextReader.TryParse(text, out var samples, out var error), error);
        var sample = Assert.Single(samples);
        Assert.Equal(hostile, sample.Label("path"));
        Assert.Equal(3, sample.Value);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.1, "0.1")]
    [InlineData(12345678901234.0, "12345678901234")]
    public void ValuesAreSpelledAsTheFormatWantsThem(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextWriter.FormatValue(value));

    [Fact]
    public void AHistogramWritesCumulativeBucketsWithInfEqualToTheCount()
    {
        var histogram = new HistogramFamily("tyr_test_seconds", "latency", [0.1, 1], "route");
        foreach (var value in new[] { 0.05, 0.1, 0.5, 3, 7 })
        {
            histogram.Observe(value, "/a");
        }

        var writer = new PrometheusTextWriter();
        histogram.WriteTo(writer);

        Assert.True(PrometheusTextReader.TryParse(writer.ToString(), out var samples, out var error), error);
        var buckets = samples.Where(s => s.Name == "tyr_test_seconds_bucket").ToList();
        Assert.Equal(["0.1", "1", "+Inf"], buckets.Select(b => b.Label("le")));
        Assert.Equal([2d, 3d, 5d], buckets.Select(b => b.Value));
        Assert.Equal(5, samples.Single(s => s.Name == "tyr_test_seconds_count").Value);
        Assert.Equal(10.65, samples.Single(s => s.Name == "tyr_test_seconds_sum").Value, 6);
        Assert.All(samples, s => Assert.Equal("/a", s.Label("route")));
    }

    [Theory]
    [InlineData("ok 1\nbad line here\n", "line 2")]
    [InlineData("m{a=\"unclosed} 1\n", "line 1")]
    [InlineData("m{a=\"x\",a=\"y\"} 1\n", "appears twice")]
    [InlineData("m{a=\"\\q\"} 1\n", "unknown escape")]
    [InlineData("1metric 1\n", "not a metric name")]
    [InlineData("m one\n", "not a number")]
    [InlineData("m{a=x} 1\n", "quoted value")]
    public void AMalformedScrapeIsRefusedNamingTheLine(string text, string expected)
    {
        Assert.False(PrometheusTextReader.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RandomBytesNeverMakeTheReaderThrow()
    {
        var random = new Random(7702);
        var alphabet = "m_{}=\",\\n 1.+-Inf#\n\ta";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = random.Next(4) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
            }

            // Either outcome is fine, as long as a refusal says where; an exception is not.
            if (!PrometheusTextReader.TryParse(new string(chars), out _, out var error))
            {
                Assert.StartsWith("line ", error, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void InvalidMetricAndLabelNamesAreBugsAndThrow()
    {
        Assert.Throws<ArgumentException>(() => new CounterFamily("bad-name", "x"));
        Assert.Throws<ArgumentException>(() => new CounterFamily("ok_total", "x", "__reserved"));
        Assert.Throws<ArgumentException>(() => new HistogramFamily("h", "x", [1], "le"));
        Assert.Throws<ArgumentException>(() => new HistogramFamily("h", "x", [2, 1]));
    }
}
