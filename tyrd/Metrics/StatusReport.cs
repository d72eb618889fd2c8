using System.Globalization;
using System.Text;
using Tyr.Daemon.Diagnostics;
using Tyr.Metrics;

namespace Tyr.Daemon.Metrics;

/// <summary>
/// <c>tyrd status</c>'s text: the scrape of a running tyrd, read back and laid out for a person,
/// one aligned line per subject (stream, policy, hooks, events, spool, drops, kernel, agents).
/// </summary>
internal sealed class StatusReport(IReadOnlyList<MetricSample> samples)
{
    public string Render(string url)
    {
        var version = First("tyrd_build_info")?.Label("version") ?? "?";
        var server = First("tyrd_server_info");
        var lines = new List<(string Label, string Text)>
        {
            ("agent", server?.Label("agent_id") is { Length: > 0 } id ? id : "?"),
            ("server", $"{(server?.Label("server") is { Length: > 0 } s ? s : "?")}, stream {StreamState()}, {Counted("tyrd_batches_acknowledged_total", "batch", "batches")} acknowledged"),
            ("policy", Value("tyrd_policy_version") is > 0 and var policy ? $"v{Number(policy)}" : "none yet (the kernel denies by default)"),
            ("hooks", string.Join(", ", All("tyrd_hook_support").Select(h => $"{h.Label("kind")} {h.Label("support")}"))),
            ("events", $"{Count("tyrd_events_read_total")} read, {Number(Value("tyrd_events_per_second") ?? 0)}/s over the last {EventRateSampler.WindowSeconds} s ({Breakdown("tyrd_events_read_total", "kind")})"),
            ("spool", $"{Counted("tyrd_spool_batches", "batch", "batches")}, {Counted("tyrd_spool_events", "event", "events")} waiting for the server; {Count("tyrd_spool_dropped_events_total")} dropped over the cap"),
            ("drops", $"ring buffer {Count("tyrd_ring_buffer_dropped_total")}, sources {Count("tyrd_source_dropped_events_total")}"),
        };

        if (All("tyrd_kernel_counter_total").Count > 0)
        {
            lines.Add(("kernel", Breakdown("tyrd_kernel_counter_total", "counter")));
            var agents = Breakdown("tyrd_agents_running", "type");
            lines.Add(("agents", agents.Length > 0 ? agents + " running" : "none running"));
        }

        lines.Add(("metrics", url));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"tyrd {version}: running for {Duration(Value("tyrd_uptime_seconds") ?? 0)}\n");
        var width = lines.Max(l => l.Label.Length) + 2;
        foreach (var (label, value) in lines)
        {
            text.Append("  ").Append(label.PadRight(width)).Append(value).Append('\n');
        }

        return text.ToString();
    }

    private string StreamState() =>
        All("tyrd_stream_state").FirstOrDefault(s => s.Value == 1)?.Label("state") ?? "unknown";

    private MetricSample? First(string name) => samples.FirstOrDefault(s => s.Name == name);

    private List<MetricSample> All(string name) => [.. samples.Where(s => s.Name == name)];

    private double? Value(string name) => First(name)?.Value;

    private string Count(string name) => Number(All(name).Sum(s => s.Value));

    private string Counted(string name, string one, string many) => Plural.Of((long)All(name).Sum(s => s.Value), one, many);

    private string Breakdown(string name, string label) =>
        string.Join(", ", All(name).Select(s => $"{s.Label(label)} {Number(s.Value)}"));

    private static string Number(double value) =>
        value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString("0.0##", CultureInfo.InvariantCulture);

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes:00}m"
            : span.TotalHours >= 1 ? $"{span.Hours}h {span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{span.Minutes}m {span.Seconds:00}s"
            : $"{span.Seconds}s";
    }
}
