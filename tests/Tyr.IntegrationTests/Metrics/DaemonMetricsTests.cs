using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Metrics;

/// <summary>tyrd's local /metrics and <c>tyrd status</c>, against a real server.</summary>
public sealed class DaemonMetricsTests() : ServerTest("daemon-metrics")
{
    [Fact]
    public async Task TyrdMetricsShowTheEventsReadTheConnectedStreamAndThePolicyInForce()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        var connected = await Scrapes.EventuallyAsync(() => Scrapes.DaemonAsync(daemon),
            s => s.Value("tyrd_stream_state", ("state", "connected")) == 1 && s.Value("tyrd_policy_version") > 0,
            () => "tyrd never connected and got its policy:\n" + daemon.Output);
        Assert.Equal(0, connected.All("tyrd_events_read_total").Sum(s => s.Value));

        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);
        await feed.SendAsync([
            .. Enumerable.Range(0, 5).Select(i => EventFeed.Line("FILE_WRITE", $"/tmp/out-{i}")),
            .. Enumerable.Range(0, 2).Select(i => EventFeed.Line("TLS", $"api.example.com:{i}")),
        ]);

        var scrape = await Scrapes.EventuallyAsync(
            () => Scrapes.DaemonAsync(daemon),
            s => s.Find("tyrd_events_read_total", ("kind", "FILE_WRITE")) == 5 && s.Find("tyrd_events_read_total", ("kind", "TLS")) == 2
                && s.Value("tyrd_spool_events") == 0 && s.Value("tyrd_batches_acknowledged_total") >= 1,
            () => "tyrd's metrics never showed its 7 events sent and a policy:\n" + daemon.Output);

        Assert.Equal(1, scrape.Value("tyrd_stream_state", ("state", "connected")));
        Assert.Equal(0, scrape.Value("tyrd_stream_state", ("state", "backoff")));
        Assert.Equal(0, scrape.Value("tyrd_events_read_total", ("kind", "EXEC")));
        Assert.Equal(daemon.AgentId, scrape.All("tyrd_server_info").Single().Labels["agent_id"]);
        Assert.Equal("0.1.0", scrape.All("tyrd_build_info").Single().Labels["version"]);
        Assert.Equal(0, scrape.Value("tyrd_ring_buffer_dropped_total"));

        // The version in force is the one the server says it pushed to this daemon.
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var effective = await api.EffectiveAsync(daemon.AgentId);
        Assert.Equal(effective.GetProperty("push_version").GetInt64(), scrape.Value("tyrd_policy_version"));
        Assert.Equal(7, (await api.AllEventsAsync(daemon.AgentId)).Count);

        // One hook line per kind; the test event source loads no kernel hook, so all are absent.
        Assert.Equal(["FILE_READ", "FILE_WRITE", "EXEC", "NET_CONNECT", "TLS"], scrape.All("tyrd_hook_support").Select(h => h.Labels["kind"]));
        Assert.All(scrape.All("tyrd_hook_support"), h => Assert.Equal("absent", h.Labels["support"]));
        Assert.Null(scrape.Find("tyrd_kernel_counter_total"));

        var status = await StatusAsync(daemon);
        Assert.True(status.ExitCode == 0, "tyrd status: " + status);
        Assert.Matches(@"server\s+localhost:\d+, stream connected", status.Stdout);
        Assert.Matches($@"policy\s+v{scrape.Value("tyrd_policy_version")}\n", status.Stdout);
        Assert.Matches(@"events\s+7 read, [0-9.]+/s over the last 10 s \(FILE_READ 0, FILE_WRITE 5, EXEC 0, NET_CONNECT 0, TLS 2\)", status.Stdout);
        Assert.Matches(@"hooks\s+FILE_READ absent, FILE_WRITE absent, EXEC absent, NET_CONNECT absent, TLS absent", status.Stdout);
        Assert.Contains(daemon.AgentId, status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheServerStoppedMetricsAndStatusShowTheSpoolGrowingAndTheStreamInBackoff()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await Scrapes.EventuallyAsync(() => Scrapes.DaemonAsync(daemon), s => s.Value("tyrd_stream_state", ("state", "connected")) == 1,
            () => "tyrd never connected:\n" + daemon.Output);

        await Server.StopAsync();
        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);
        await feed.SendAsync(Enumerable.Range(0, 12).Select(i => EventFeed.Line("EXEC", $"/usr/bin/while-down-{i}")));

        var scrape = await Scrapes.EventuallyAsync(
            () => Scrapes.DaemonAsync(daemon),
            s => s.Value("tyrd_spool_events") == 12 && s.Value("tyrd_stream_state", ("state", "connected")) == 0,
            () => "the 12 events never waited in the spool:\n" + daemon.Output);
        Assert.True(scrape.Value("tyrd_spool_batches") >= 1);
        Assert.Equal(1, scrape.Value("tyrd_stream_state", ("state", "connecting")) + scrape.Value("tyrd_stream_state", ("state", "backoff")));

        var status = await StatusAsync(daemon);
        Assert.True(status.ExitCode == 0, "tyrd status: " + status);
        Assert.Matches(@"spool\s+\d+ batch(es)?, 12 events waiting for the server", status.Stdout);
        Assert.Matches(@"stream (connecting|backoff)", status.Stdout);

        // Back up: the spool drains and the stream says so.
        await Server.RestartAsync();
        await Scrapes.EventuallyAsync(() => Scrapes.DaemonAsync(daemon),
            s => s.Value("tyrd_spool_events") == 0 && s.Value("tyrd_stream_state", ("state", "connected")) == 1,
            () => "the spool never drained after the server came back:\n" + daemon.Output);
    }

    [Fact]
    public async Task TheEndpointServesMetricsOnlyAndOnlyToGetAndHead()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        var url = TestMetricsListen.UrlOf(daemon.ConfigPath);
        using var http = new HttpClient();

        using (var other = await http.GetAsync(url.Replace("/metrics", "/debug", StringComparison.Ordinal)))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var post = await http.PostAsync(url, new StringContent("x")))
        {
            Assert.Equal(System.Net.HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(System.Net.HttpStatusCode.OK, head.StatusCode);
    }

    [Fact]
    public async Task AMetricsPortAlreadyTakenIsLoggedAndTheDaemonStreamsAnyway()
    {
        await using var first = await DaemonProcess.EnrollAsync(Server, Directory, "first");
        await first.StartAsync();
        var taken = File.ReadAllLines(first.ConfigPath).Single(l => l.Contains("listen:", StringComparison.Ordinal)).Trim();
        await using var second = await DaemonProcess.EnrollAsync(Server, Directory, "second", DaemonProcess.DefaultConfig + "\nmetrics:\n  " + taken + "\n");

        await second.StartAsync();
        await second.WaitForOutputAsync("metrics: cannot listen on");
        await using var feed = await EventFeed.ConnectAsync(second.EventSocket);
        await feed.SendAsync([EventFeed.Line("EXEC", "/usr/bin/still-governed")]);

        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await Eventually.TrueAsync(async () => (await api.AllEventsAsync(second.AgentId)).Count == 1, Eventually.DefaultTimeout,
            () => "the daemon without metrics did not deliver its event:\n" + second.Output);
        // The port still belongs to the first daemon.
        Assert.Equal(first.AgentId, (await Scrapes.DaemonAsync(first)).All("tyrd_server_info").Single().Labels["agent_id"]);
    }

    [Fact]
    public async Task StatusSaysTyrdIsNotRunningAndExits3WhenNothingAnswers()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);

        var status = await StatusAsync(daemon);

        Assert.True(status.ExitCode == 3, "tyrd status with no tyrd: " + status);
        Assert.Contains("tyrd is not running", status.Stdout, StringComparison.Ordinal);
        Assert.Contains(TestMetricsListen.UrlOf(daemon.ConfigPath), status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithMetricsOffNothingListensAndStatusSaysSo()
    {
        var port = TestMetricsListen.FreePort();
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, config: DaemonProcess.DefaultConfig + "\nmetrics:\n  listen: off\n");
        await daemon.StartAsync();
        await daemon.WaitForOutputAsync("metrics: off");

        var status = await StatusAsync(daemon);
        Assert.True(status.ExitCode == 3, "tyrd status with metrics off: " + status);
        Assert.Contains("metrics are off", status.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($":{port}", daemon.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0:7702")]
    [InlineData("192.0.2.10:7702")]
    [InlineData("[::]:7702")]
    public async Task ANonLoopbackMetricsAddressIsAConfigErrorNamingItsLine(string address)
    {
        var config = DaemonProcess.DefaultConfig + $"\nmetrics:\n  listen: \"{address}\"\n";
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, name: "refused-" + address.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture), config: config);
        var line = File.ReadAllLines(daemon.ConfigPath).ToList().FindIndex(l => l.Contains("listen:", StringComparison.Ordinal)) + 1;

        var run = await ChildProcess.RunAsync(Binaries.Daemon, "run", "--state-dir", daemon.StateDirectory, "--config", daemon.ConfigPath, "--test-event-socket", daemon.EventSocket);

        Assert.True(run.ExitCode == 1, "tyrd run with a non-loopback metrics.listen: " + run);
        Assert.Contains($"{daemon.ConfigPath}:{line}:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("metrics.listen", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a loopback address", run.Stderr, StringComparison.Ordinal);

        var status = await StatusAsync(daemon);
        Assert.True(status.ExitCode == 1, "tyrd status with a non-loopback metrics.listen: " + status);
        Assert.Contains($"{daemon.ConfigPath}:{line}:", status.Stderr, StringComparison.Ordinal);
    }

    private static Task<CommandResult> StatusAsync(DaemonProcess daemon) =>
        ChildProcess.RunAsync(Binaries.Daemon, "status", "--config", daemon.ConfigPath);
}
