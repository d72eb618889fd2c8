using Tyr.Daemon.Events;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Platform;
using Tyr.Daemon.Policy;
using Tyr.Daemon.Spool;
using Tyr.Metrics;
using Tyr.Protocol;

namespace Tyr.Daemon.Metrics;

/// <summary>
/// tyrd's scrape, read fresh from the running parts at each request: counters where the daemon
/// counts (<see cref="DaemonActivity"/>), gauges straight from the spool, the policy state, the
/// sources and the kernel's own counters. Names and meanings: docs/operations.md, "Metrics".
/// </summary>
internal sealed class DaemonMetricsReport : IDisposable
{
    /// <summary>The label values of <c>kind</c>: the proto's names, as the REST API spells them.</summary>
    public static readonly IReadOnlyList<string> KindNames = ["FILE_READ", "FILE_WRITE", "EXEC", "NET_CONNECT", "TLS"];

    private static readonly (TyrCounter Counter, string Name)[] s_kernelCounters =
    [
        (TyrCounter.RingbufDrops, "ringbuf_drops"),
        (TyrCounter.NoScratch, "no_scratch"),
        (TyrCounter.ProcTableFull, "proc_table_full"),
        (TyrCounter.PathMissing, "path_missing"),
        (TyrCounter.PathRelative, "path_relative"),
    ];

    private readonly EventSpool _spool;
    private readonly DropLedger _drops;
    private readonly PolicyState _policy;
    private readonly IReadOnlyList<IEventSource> _sources;
    private readonly string _server;
    private readonly string _agentId;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private readonly EventRateSampler _rate = new(DaemonActivity.EventsReadTotal);

    public DaemonMetricsReport(EventSpool spool, DropLedger drops, PolicyState policy, IReadOnlyList<IEventSource> sources, string server, string agentId, TimeProvider time)
    {
        _spool = spool;
        _drops = drops;
        _policy = policy;
        _sources = sources;
        _server = server;
        _agentId = agentId;
        _time = time;
        _started = time.GetUtcNow();
    }

    public string Scrape()
    {
        var writer = new PrometheusTextWriter();
        writer.Family("tyrd_build_info", MetricType.Gauge, "Always 1; the labels say which tyrd runs.")
            .Sample("tyrd_build_info", 1, new Label("version", HostInfo.AgentVersion()));
        writer.Family("tyrd_server_info", MetricType.Gauge, "Always 1; the server this daemon streams to and its agent id there.")
            .Sample("tyrd_server_info", 1, new Label("server", _server), new Label("agent_id", _agentId));
        writer.Family("tyrd_uptime_seconds", MetricType.Gauge, "Seconds since tyrd run started.")
            .Sample("tyrd_uptime_seconds", Math.Round((_time.GetUtcNow() - _started).TotalSeconds, 3));

        WriteEvents(writer);
        WriteDrops(writer);
        WriteSpool(writer);
        WriteStream(writer);
        writer.Family("tyrd_policy_version", MetricType.Gauge, "The version of the effective policy in force (0: none received yet).")
            .Sample("tyrd_policy_version", _policy.Version);
        WriteHooks(writer);
        WriteKernel(writer);
        ProcessMetrics.WriteTo(writer);
        return writer.ToString();
    }

    public void Dispose() => _rate.Dispose();

    private void WriteEvents(PrometheusTextWriter writer)
    {
        writer.Family("tyrd_events_read_total", MetricType.Counter, "Events read from the event sources into batches, per kind.");
        for (var i = 0; i < KindNames.Count; i++)
        {
            writer.Sample("tyrd_events_read_total", DaemonActivity.EventsRead(i), new Label("kind", KindNames[i]));
        }

        if (DaemonActivity.EventsRead(DaemonActivity.KindCount) is > 0 and var unknown)
        {
            writer.Sample("tyrd_events_read_total", unknown, new Label("kind", "UNKNOWN"));
        }

        writer.Family("tyrd_events_per_second", MetricType.Gauge, $"Events read per second over the last {EventRateSampler.WindowSeconds} s (for people; use rate() on tyrd_events_read_total in queries).")
            .Sample("tyrd_events_per_second", Math.Round(_rate.PerSecond(), 3));
    }

    private void WriteDrops(PrometheusTextWriter writer)
    {
        // The totals over the life of the state directory, as the server is told (DropCounters).
        var totals = _drops.SourceTotals();
        writer.Family("tyrd_ring_buffer_dropped_total", MetricType.Counter, "Kernel records lost because the BPF ring buffer was full (life of the state directory).")
            .Sample("tyrd_ring_buffer_dropped_total", totals.RingBufferDropped);
        writer.Family("tyrd_source_dropped_events_total", MetricType.Counter, "Events the sources lost before the batcher (life of the state directory).")
            .Sample("tyrd_source_dropped_events_total", totals.SourceDroppedEvents);
    }

    private void WriteSpool(PrometheusTextWriter writer)
    {
        writer.Family("tyrd_spool_batches", MetricType.Gauge, "Batches in the spool waiting for the server's acknowledgement.")
            .Sample("tyrd_spool_batches", _spool.BatchCount);
        writer.Family("tyrd_spool_events", MetricType.Gauge, "Events in the spool waiting for the server's acknowledgement.")
            .Sample("tyrd_spool_events", _spool.EventCount);
        writer.Family("tyrd_spool_dropped_events_total", MetricType.Counter, "Oldest events discarded because the spool was over spool_max_events (life of the spool file).")
            .Sample("tyrd_spool_dropped_events_total", _spool.SpoolDroppedEvents);
    }

    private static void WriteStream(PrometheusTextWriter writer)
    {
        var current = DaemonActivity.Stream;
        writer.Family("tyrd_stream_state", MetricType.Gauge, "1 for the state the stream to the server is in: connecting, connected or backoff.");
        foreach (var (state, name) in new[] { (StreamState.Connecting, "connecting"), (StreamState.Connected, "connected"), (StreamState.Backoff, "backoff") })
        {
            writer.Sample("tyrd_stream_state", state == current ? 1 : 0, new Label("state", name));
        }

        writer.Family("tyrd_batches_acknowledged_total", MetricType.Counter, "Batches the server acknowledged (stored) since tyrd started.")
            .Sample("tyrd_batches_acknowledged_total", DaemonActivity.BatchesAcknowledged);
    }

    private void WriteHooks(PrometheusTextWriter writer)
    {
        var merged = CapabilityUnion.Merge(_sources);
        writer.Family("tyrd_hook_support", MetricType.Gauge, "1 per event kind; support is enforced (stopped in the kernel), observed (seen, would-be denies alerted) or absent.");
        for (var i = 0; i < KindNames.Count; i++)
        {
            var kind = (EventKind)(i + 1);
            var support = merged.FirstOrDefault(c => c.Kind == kind)?.Support ?? HookSupport.Absent;
            writer.Sample("tyrd_hook_support", 1, new Label("kind", KindNames[i]), new Label("support", support switch
            {
                HookSupport.Enforced => "enforced",
                HookSupport.Observed => "observed",
                _ => "absent",
            }));
        }
    }

    private void WriteKernel(PrometheusTextWriter writer)
    {
        if (_sources.OfType<KernelEventSource>().FirstOrDefault() is not { } kernel)
        {
            return;
        }

        writer.Family("tyrd_kernel_counter_total", MetricType.Counter, "The BPF programs' own counters (tyr_counters), summed over CPUs, since the programs were loaded.");
        foreach (var (counter, name) in s_kernelCounters)
        {
            writer.Sample("tyrd_kernel_counter_total", kernel.ReadCounter(counter), new Label("counter", name));
        }

        writer.Family("tyrd_agents_running", MetricType.Gauge, "Discovered AI agents with a process still running, per agent type.");
        foreach (var (type, count) in kernel.Agents.RunningByType().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.Sample("tyrd_agents_running", count, new Label("type", type));
        }
    }
}
