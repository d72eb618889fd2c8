using Tyr.Daemon.Metrics;
using Tyr.Metrics;

namespace Tyr.UnitTests.Metrics;

public sealed class StatusReportTests
{
    private const string KernelScrape = """
        # TYPE tyrd_build_info gauge
        tyrd_build_info{version="0.1.0"} 1
        tyrd_server_info{server="tyr.example.com:7700",agent_id="0b6d3c1e"} 1
        tyrd_uptime_seconds 8040.5
        tyrd_events_read_total{kind="FILE_READ"} 40
        tyrd_events_read_total{kind="EXEC"} 2
        tyrd_events_per_second 1.25
        tyrd_ring_buffer_dropped_total 3
        tyrd_source_dropped_events_total 0
        tyrd_spool_batches 1
        tyrd_spool_events 17
        tyrd_spool_dropped_events_total 0
        tyrd_stream_state{state="connecting"} 0
        tyrd_stream_state{state="connected"} 0
        tyrd_stream_state{state="backoff"} 1
        tyrd_batches_acknowledged_total 1
        tyrd_policy_version 42
        tyrd_hook_support{kind="FILE_READ",support="observed"} 1
        tyrd_hook_support{kind="NET_CONNECT",support="enforced"} 1
        tyrd_kernel_counter_total{counter="ringbuf_drops"} 3
        tyrd_kernel_counter_total{counter="path_missing"} 1
        tyrd_agents_running{type="claude-code"} 1
        tyrd_agents_running{type="cursor"} 2

        """;

    [Fact]
    public void AKernelDaemonsScrapeReadsAsAlignedSentences()
    {
        Assert.True(PrometheusTextReader.TryParse(KernelScrape, out var samples, out var error), error);

        var text = new StatusReport(samples).Render("http://127.0.0.1:7702/metrics");

        Assert.Equal(
            """
            tyrd 0.1.0: running for 2h 14m
              agent    0b6d3c1e
              server   tyr.example.com:7700, stream backoff, 1 batch acknowledged
              policy   v42
              hooks    FILE_READ observed, NET_CONNECT enforced
              events   42 read, 1.25/s over the last 10 s (FILE_READ 40, EXEC 2)
              spool    1 batch, 17 events waiting for the server; 0 dropped over the cap
              drops    ring buffer 3, sources 0
              kernel   ringbuf_drops 3, path_missing 1
              agents   claude-code 1, cursor 2 running
              metrics  http://127.0.0.1:7702/metrics

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void BeforeAnyPolicyStatusSaysTheKernelDeniesByDefault()
    {
        Assert.True(PrometheusTextReader.TryParse("tyrd_build_info{version=\"0.1.0\"} 1\ntyrd_policy_version 0\n", out var samples, out _));

        Assert.Contains("policy   none yet (the kernel denies by default)", new StatusReport(samples).Render("u"), StringComparison.Ordinal);
    }
}
