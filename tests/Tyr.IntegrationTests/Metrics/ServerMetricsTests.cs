using System.Net;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Metrics;

/// <summary>tyr-server's GET /metrics: what it counts, and who may read it.</summary>
public sealed class ServerMetricsTests() : ServerTest("server-metrics")
{
    [Fact]
    public async Task ScrapeCountsARealDaemonsEventsPerKindAndVerdictAndItsConnection()
    {
        using var prometheus = new TyrApi(Server, await CreateTokenAsync("--label", "prometheus", "--scope", "metrics"));
        var before = await Scrapes.ServerAsync(prometheus);
        Assert.Equal(0, before.Value("tyr_server_connected_daemons"));
        Assert.Equal("0.1.0", before.All("tyr_server_build_info").Single().Labels["version"]);

        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);
        await feed.SendAsync([
            .. Enumerable.Range(0, 7).Select(i => EventFeed.Line("FILE_READ", $"/srv/read-{i}")),
            .. Enumerable.Range(0, 3).Select(i => EventFeed.Line("EXEC", $"/usr/bin/denied-{i}", "DENY")),
            EventFeed.Line("NET_CONNECT", "10.0.0.1:443", "ALERT"),
        ]);

        var after = await Scrapes.EventuallyAsync(
            () => Scrapes.ServerAsync(prometheus),
            s => s.Find("tyr_server_events_ingested_total", ("kind", "FILE_READ"), ("verdict", "ALLOW")) == 7
                && s.Find("tyr_server_events_ingested_total", ("kind", "EXEC"), ("verdict", "DENY")) == 3
                && s.Find("tyr_server_events_ingested_total", ("kind", "NET_CONNECT"), ("verdict", "ALERT")) == 1,
            () => "the server's metrics never showed the daemon's 11 events:\n" + daemon.Output);

        Assert.Equal(1, after.Value("tyr_server_connected_daemons"));
        Assert.Equal(11, after.All("tyr_server_events_ingested_total").Sum(s => s.Value));
        Assert.True(after.Value("tyr_server_batches_total", ("outcome", "acknowledged")) >= 1);
        Assert.Equal(0, after.Value("tyr_server_events_duplicate_total"));
        Assert.Equal("counter", after.Types["tyr_server_events_ingested_total"]);
        Assert.Equal("gauge", after.Types["tyr_server_connected_daemons"]);
        Assert.True(after.Value("process_resident_memory_bytes") > 0);

        await daemon.StopAsync();
        await Scrapes.EventuallyAsync(() => Scrapes.ServerAsync(prometheus), s => s.Value("tyr_server_connected_daemons") == 0,
            () => "the stopped daemon still counts as connected");
    }

    [Fact]
    public async Task AMetricsTokenReadsMetricsButIsForbiddenEverywhereElse()
    {
        using var prometheus = new TyrApi(Server, await CreateTokenAsync("--label", "prometheus", "--scope", "metrics"));
        await Scrapes.ServerAsync(prometheus);

        foreach (var path in new[] { "/api/v1/agents", "/api/v1/events", "/api/v1/policies" })
        {
            using var response = await prometheus.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"GET {path} with a metrics token: {(int)response.StatusCode}");
            Assert.Contains("metrics token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var (status, _) = await prometheus.SendJsonAsync(HttpMethod.Post, "/api/v1/enrollment-tokens", new Dictionary<string, string> { ["ttl"] = "1h" });
        Assert.Equal(403, status);

        // An operator token reads /metrics too: it can do everything a metrics token can.
        using var operatorApi = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await Scrapes.ServerAsync(operatorApi);
    }

    [Fact]
    public async Task AScrapeWithoutAValidTokenIsUnauthorized()
    {
        using var anonymous = new TyrApi(Server, null);
        using (var response = await anonymous.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.DoesNotContain("tyr_server_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var forged = new TyrApi(Server, "tyr_admin_" + new string('a', 43));
        using (var response = await forged.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // An enrollment token is a secret too, but not one that reads metrics.
        using var enrollment = new TyrApi(Server, await Server.CreateEnrollmentTokenAsync());
        using (var response = await enrollment.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheLatencyHistogramCountsEachRestRequestByRouteTemplateAndStatusClass()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        for (var i = 0; i < 3; i++)
        {
            using var ok = await api.GetAsync("/api/v1/agents");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        foreach (var version in new[] { 41, 42 })
        {
            using var missing = await api.GetAsync($"/api/v1/policies/{version}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var nowhere = await api.GetAsync("/no/such/path"))
        {
            Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        }

        var scrape = await Scrapes.ServerAsync(api);
        const string histogram = "tyr_server_rest_request_duration_seconds";
        Assert.Equal("histogram", scrape.Types[histogram]);
        Assert.Equal(3, scrape.Value(histogram + "_count", ("route", "/api/v1/agents"), ("status", "2xx")));
        Assert.Equal(3, scrape.Value(histogram + "_bucket", ("route", "/api/v1/agents"), ("status", "2xx"), ("le", "+Inf")));
        Assert.True(scrape.Value(histogram + "_sum", ("route", "/api/v1/agents"), ("status", "2xx")) > 0);
        // The template, not the two paths: one series for both versions.
        Assert.Equal(2, scrape.Value(histogram + "_count", ("route", "/api/v1/policies/{version}"), ("status", "4xx")));
        Assert.Equal(1, scrape.Value(histogram + "_count", ("route", "unmatched"), ("status", "4xx")));
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.TryGetValue("route", out var route) && route.Contains("42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDriftCounterCountsEventsWhoseVerdictTheirPolicyContradicts()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "drifting");
        await api.AssignAsync(await api.ApplyExampleAsync("laptop-base.yaml"), "daemon", daemon.AgentId);
        await daemon.StartAsync();
        // tyrd's own metrics say when the assigned policy is in force.
        await Eventually.TrueAsync(
            async () =>
            {
                var effective = await api.EffectiveAsync(daemon.AgentId);
                return effective.GetProperty("base").ValueKind != System.Text.Json.JsonValueKind.Null
                    && (await Scrapes.DaemonAsync(daemon)).Value("tyrd_policy_version") == effective.GetProperty("push_version").GetInt64();
            },
            Eventually.DefaultTimeout,
            () => "the laptop policy never reached tyrd:\n" + daemon.Output);
        Assert.Equal(0, (await Scrapes.ServerAsync(api)).Value("tyr_server_drift_events_total"));

        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);
        // The policy denies writing /etc/passwd (no drift) and allows reading /tmp/notes (a DENY there is drift).
        await feed.SendAsync([EventFeed.Line("FILE_WRITE", "/etc/passwd", "DENY"), EventFeed.Line("FILE_READ", "/tmp/notes", "DENY")]);

        var scrape = await Scrapes.EventuallyAsync(() => Scrapes.ServerAsync(api), s => s.Value("tyr_server_drift_events_total") == 1,
            () => "the drift check's finding never showed in the metrics:\n" + Server.Output);
        Assert.Equal(1, scrape.Value("tyr_server_events_ingested_total", ("kind", "FILE_READ"), ("verdict", "DENY")));
        var drifted = (await api.GetJsonAsync($"/api/v1/events?agent_id={daemon.AgentId}&drift=true")).GetProperty("events");
        Assert.Equal("/tmp/notes", Assert.Single(drifted.EnumerateArray()).GetProperty("resource").GetString());
    }

    private async Task<string> CreateTokenAsync(params string[] options)
    {
        var result = await ChildProcess.RunAsync(Binaries.Server, ["admin-token", "create", "--data", Server.DataDirectory, .. options]);
        Assert.True(result.ExitCode == 0, "admin-token create failed: " + result);
        return result.Stdout.Trim();
    }
}
