using System.Collections.Concurrent;

namespace Tyr.Metrics;

/// <summary>
/// A counter with a fixed set of label names, one series per combination of values seen. Increments
/// are lock-free; a scrape writes the series in a stable (sorted) order.
/// </summary>
public sealed class CounterFamily
{
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly string[] _labelNames;

    /// <param name="name">The metric name; counters end in <c>_total</c>.</param>
    /// <param name="help">What it counts.</param>
    /// <param name="labelNames">The label names, in the order values are given to <see cref="Add"/>.</param>
    public CounterFamily(string name, string help, params string[] labelNames)
    {
        MetricNames.ThrowIfInvalid(name);
        foreach (var label in labelNames)
        {
            MetricNames.ThrowIfInvalidLabel(label);
        }

        Name = name;
        Help = help;
        _labelNames = labelNames;
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The help text.</summary>
    public string Help { get; }

    /// <summary>Adds <paramref name="amount"/> to the series of <paramref name="labelValues"/>.</summary>
    public void Add(long amount, params string[] labelValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        if (labelValues.Length != _labelNames.Length)
        {
            throw new ArgumentException($"{Name} has {_labelNames.Length} labels, got {labelValues.Length} values", nameof(labelValues));
        }

        var series = _series.GetOrAdd(string.Join('\0', labelValues), static (_, values) => new Series(values), labelValues);
        Interlocked.Add(ref series.Count, amount);
    }

    /// <summary>The current value of one series (0 when never incremented).</summary>
    public long Value(params string[] labelValues) =>
        _series.TryGetValue(string.Join('\0', labelValues), out var series) ? Interlocked.Read(ref series.Count) : 0;

    /// <summary>The sum over every series.</summary>
    public long Total() => _series.Values.Sum(s => Interlocked.Read(ref s.Count));

    /// <summary>Writes the family (HELP, TYPE, one sample per series).</summary>
    public void WriteTo(PrometheusTextWriter writer)
    {
        writer.Family(Name, MetricType.Counter, Help);
        foreach (var (_, series) in _series.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var labels = new Label[_labelNames.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = new Label(_labelNames[i], series.Values[i]);
            }

            writer.Sample(Name, Interlocked.Read(ref series.Count), labels);
        }
    }

    private sealed class Series(string[] values)
    {
        public readonly string[] Values = values;
        public long Count;
    }
}
