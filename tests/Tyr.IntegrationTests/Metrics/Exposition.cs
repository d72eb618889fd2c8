using System.Globalization;
using System.Text.RegularExpressions;

namespace Tyr.IntegrationTests.Metrics;

/// <summary>One sample of a scrape.</summary>
internal sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A scrape read the way a test checks it: every line is a <c># HELP</c>/<c># TYPE</c> comment or
/// <c>name{labels} value</c>, every sample belongs to a family declared before it, and histograms
/// are cumulative with a +Inf bucket equal to their count. Independent of the product's own reader.
/// </summary>
internal sealed partial class Exposition
{
    private readonly List<Sample> _samples;

    private Exposition(List<Sample> samples, Dictionary<string, string> types)
    {
        _samples = samples;
        Types = types;
    }

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples => _samples;

    public static Exposition Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var samples = new List<Sample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text[..^1].Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var where = $"line {i + 1}: '{line}'";
            if (line.StartsWith('#'))
            {
                var comment = Comment().Match(line);
                Assert.True(comment.Success, $"{where} is neither # HELP nor # TYPE");
                if (comment.Groups["what"].Value == "TYPE")
                {
                    Assert.Matches("^(counter|gauge|histogram|summary|untyped)$", comment.Groups["rest"].Value);
                    Assert.True(types.TryAdd(comment.Groups["name"].Value, comment.Groups["rest"].Value), $"{where}: a second TYPE for the family");
                }

                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"{where} is not name{{labels}} value");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                Assert.True(labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value)), $"{where}: a label appears twice");
            }

            var name = match.Groups["name"].Value;
            var family = FamilyOf(name, types);
            Assert.True(family is not null, $"{where}: no # TYPE declared for {name} before it");
            samples.Add(new Sample(name, labels, ParseValue(match.Groups["value"].Value, where)));
        }

        var scrape = new Exposition(samples, types);
        scrape.CheckHistograms();
        return scrape;
    }

    public IEnumerable<Sample> All(string name) => _samples.Where(s => s.Name == name);

    /// <summary>The one sample of <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matching = _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).ToList();
        Assert.True(matching.Count == 1, $"expected one {name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}, found {matching.Count}");
        return matching[0].Value;
    }

    /// <summary>The value, or null when the series does not exist (yet).</summary>
    public double? Find(string name, params (string Name, string Value)[] labels) =>
        _samples.FirstOrDefault(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))?.Value;

    private static string? FamilyOf(string sample, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sample))
        {
            return sample;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sample[..^suffix.Length], out var type) && type == "histogram")
            {
                return sample[..^suffix.Length];
            }
        }

        return null;
    }

    private void CheckHistograms()
    {
        foreach (var family in Types.Where(t => t.Value == "histogram").Select(t => t.Key))
        {
            foreach (var series in _samples.Where(s => s.Name == family + "_bucket").GroupBy(s => SeriesKey(s.Labels)))
            {
                var buckets = series.ToList();
                Assert.Equal("+Inf", buckets[^1].Labels["le"]);
                for (var i = 1; i < buckets.Count; i++)
                {
                    Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"{family}: buckets are not cumulative at le={buckets[i].Labels["le"]}");
                    Assert.True(ParseValue(buckets[i].Labels["le"], "le") > ParseValue(buckets[i - 1].Labels["le"], "le"), $"{family}: bounds do not increase");
                }

                var count = _samples.Single(s => s.Name == family + "_count" && SeriesKey(s.Labels) == series.Key);
                Assert.Equal(count.Value, buckets[^1].Value);
                Assert.Single(_samples, s => s.Name == family + "_sum" && SeriesKey(s.Labels) == series.Key);
            }
        }
    }

    private static string SeriesKey(IReadOnlyDictionary<string, string> labels) =>
        string.Join(",", labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));

    private static double ParseValue(string text, string where) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{where}: '{text}' is not a number"),
    };

    private static string Unescape(string value) => value.Replace(@"\n", "\n", StringComparison.Ordinal).Replace("\\\"", "\"", StringComparison.Ordinal).Replace(@"\\", @"\", StringComparison.Ordinal);

    [GeneratedRegex(@"^# (?<what>HELP|TYPE) (?<name>[a-zA-Z_:][a-zA-Z0-9_:]*) (?<rest>.*)$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\]|\\.)*"",?)*)\})? (?<value>\S+)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>([^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
