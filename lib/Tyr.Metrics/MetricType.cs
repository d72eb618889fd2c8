namespace Tyr.Metrics;

/// <summary>A family's <c># TYPE</c>.</summary>
public enum MetricType
{
    /// <summary>Only ever grows (resets when the process restarts); Prometheus takes rate() of it.</summary>
    Counter,

    /// <summary>A value that goes up and down.</summary>
    Gauge,

    /// <summary>Cumulative buckets, a sum and a count.</summary>
    Histogram,
}
