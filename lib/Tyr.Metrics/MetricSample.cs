namespace Tyr.Metrics;

/// <summary>One sample of a scrape, as read back.</summary>
/// <param name="Name">The sample's metric name (with _bucket/_sum/_count for histograms).</param>
/// <param name="Labels">Its labels, unescaped.</param>
/// <param name="Value">Its value.</param>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>The value of label <paramref name="name"/>, or empty.</summary>
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : string.Empty;
}
