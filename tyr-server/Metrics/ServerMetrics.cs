using System.Reflection;
using Tyr.Metrics;
using Tyr.Protocol;
using Tyr.Server.Sessions;
using Tyr.Server.Text;

namespace Tyr.Server.Metrics;

/// <summary>
/// tyr-server's counters and histograms, fed where things happen (ingestion, acks, drift, the REST
/// pipeline), and its scrape: those plus gauges read at scrape time. One per server (a DI
/// singleton). Names and meanings: docs/operations.md, "Metrics".
/// </summary>
internal sealed class ServerMetrics(SessionRegistry sessions)
{
    private static readonly string s_version = VersionOf(typeof(ServerMetrics).Assembly);

    private readonly CounterFamily _eventsIngested = new(
        "tyr_server_events_ingested_total", "Events stored, per kind and verdict (replayed duplicates are not counted).", "kind", "verdict");

    private readonly CounterFamily _duplicates = new(
        "tyr_server_events_duplicate_total", "Events received again (a daemon replaying its spool after a lost ack) and not stored twice.");

    private readonly CounterFamily _batches = new(
        "tyr_server_batches_total", "Event batches from daemons, by outcome: acknowledged (stored and acked) or rejected (invalid, the stream is ended).", "outcome");

    private readonly CounterFamily _drift = new(
        "tyr_server_drift_events_total", "Events whose verdict differs from what their policy's Cedar gives (drift), found since the server started.");

    private readonly HistogramFamily _restLatency = new(
        "tyr_server_rest_request_duration_seconds", "REST API request latency in seconds, by route template and status class.", HistogramFamily.DefaultSecondsBuckets, "route", "status");

    /// <summary>A batch was committed: the events it stored, and how many it already had.</summary>
    public void Ingested(IReadOnlyList<Event> stored, int duplicates)
    {
        foreach (var group in stored.CountBy(e => (e.Kind, e.Verdict)))
        {
            _eventsIngested.Add(group.Value, ProtoNames.Kind(group.Key.Kind), ProtoNames.Verdict(group.Key.Verdict));
        }

        if (duplicates > 0)
        {
            _duplicates.Add(duplicates);
        }
    }

    public void BatchAcknowledged() => _batches.Add(1, "acknowledged");

    public void BatchRejected() => _batches.Add(1, "rejected");

    public void DriftFound(int events)
    {
        if (events > 0)
        {
            _drift.Add(events);
        }
    }

    /// <param name="route">The endpoint's route template (e.g. /api/v1/policies/{version}), never the raw path: the label set stays bounded.</param>
    /// <param name="status">The HTTP status code; recorded as its class (2xx, 4xx...).</param>
    public void RestRequest(string route, int status, TimeSpan elapsed) =>
        _restLatency.Observe(elapsed.TotalSeconds, route, $"{status / 100}xx");

    public string Scrape()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("tyr_server_build_info", MetricType.Gauge, "Always 1; the label says which tyr-server runs.")
            .Sample("tyr_server_build_info", 1, new Label("version", s_version));
        writer.Family("tyr_server_connected_daemons", MetricType.Gauge, "Daemons (tyrd) with a stream open right now.")
            .Sample("tyr_server_connected_daemons", sessions.Count);
        _eventsIngested.WriteTo(writer);
        WriteWithZero(writer, _duplicates);
        _batches.WriteTo(writer);
        WriteWithZero(writer, _drift);
        _restLatency.WriteTo(writer);
        ProcessMetrics.WriteTo(writer);
        return writer.ToString();
    }

    // A label-less counter that was never incremented still shows 0, so alerts on it have a series.
    private static void WriteWithZero(PrometheusTextWriter writer, CounterFamily counter)
    {
        writer.Family(counter.Name, MetricType.Counter, counter.Help).Sample(counter.Name, counter.Total());
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
