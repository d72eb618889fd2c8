using System.Collections.Concurrent;

namespace Tyr.Metrics;

/// <summary>
/// A histogram with a fixed set of label names and bucket bounds: per series the cumulative
/// <c>_bucket{le="..."}</c> counts (the last one <c>le="+Inf"</c>), <c>_sum</c> and <c>_count</c>.
/// </summary>
public sealed class HistogramFamily
{
    /// <summary>Prometheus' default buckets, in seconds: suits request latencies.</summary>
    public static readonly IReadOnlyList<double> DefaultSecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly string[] _labelNames;
    private readonly double[] _bounds;

    /// <param name="name">The base name; the samples are <c>{name}_bucket</c>, <c>_sum</c> and <c>_count</c>.</param>
    /// <param name="help">What it measures, and in which unit.</param>
    /// <param name="bounds">Upper bounds of the buckets, increasing; +Inf is added.</param>
    /// <param name="labelNames">The label names, in the order values are given to <see cref="Observe"/>; never "le".</param>
    public HistogramFamily(string name, string help, IReadOnlyList<double> bounds, params string[] labelNames)
    {
        MetricNames.ThrowIfInvalid(name);
        foreach (var label in labelNames)
        {
            MetricNames.ThrowIfInvalidLabel(label);
            if (label == "le")
            {
                throw new ArgumentException("'le' is the bucket label of a histogram", nameof(labelNames));
            }
        }

        for (var i = 1; i < bounds.Count; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                throw new ArgumentException("bucket bounds must increase", nameof(bounds));
            }
        }

        Name = name;
        Help = help;
        _bounds = [.. bounds];
        _labelNames = labelNames;
    }

    /// <summary>The base name.</summary>
    public string Name { get; }

    /// <summary>The help text.</summary>
    public string Help { get; }

    /// <summary>Records one observation in the series of <paramref name="labelValues"/>.</summary>
    public void Observe(double value, params string[] labelValues)
    {
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{Name} has {_labelNames.Length} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        var series = _series.GetOrAdd(string.Join('\0', labelValues), static (_, state) => new Series(state.Values, state.Buckets), (Values: labelValues, Buckets: _bounds.Length));
        var bucket = 0;
        while (bucket < _bounds.Length && value > _bounds[bucket])
        {
            bucket++;
        }

        lock (series)
        {
            series.Buckets[bucket]++;
            series.Sum += value;
            series.Count++;
        }
    }

    /// <summary>Writes the family: per series, cumulative buckets, then sum and count.</summary>
    public void WriteTo(PrometheusTextWriter writer)
    {
        writer.Family(Name, MetricType.Histogram, Help);
        foreach (var (_, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            long[] buckets;
            double sum;
            long count;
            lock (series)
            {
                buckets = [.. series.Buckets];
                sum = series.Sum;
                count = series.Count;
            }

            var labels = new Label[_labelNames.Length + 1];
            for (var i = 0; i < _labelNames.Length; i++)
            {
                labels[i] = new Label(_labelNames[i], series.Values[i]);
            }

            long cumulative = 0;
            for (var b = 0; b <= _bounds.Length; b++)
            {
                cumulative += buckets[b];
                labels[^1] = new Label("le", b < _bounds.Length ? PrometheusTextWriter.FormatValue(_bounds[b]) : "+Inf");
                writer.Sample(Name + "_bucket", cumulative, labels);
            }

            writer.Sample(Name + "_sum", sum, labels.AsSpan(0, _labelNames.Length));
            writer.Sample(Name + "_count", count, labels.AsSpan(0, _labelNames.Length));
        }
    }

    private sealed class Series(string[] values, int bounds)
    {
        public readonly string[] Values = values;

        // One slot per bound plus the +Inf bucket; not cumulative until written.
        public readonly long[] Buckets = new long[bounds + 1];
        public double Sum;
        public long Count;
    }
}
