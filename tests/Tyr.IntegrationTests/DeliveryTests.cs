using System.Text.Json;
using Tyr.IntegrationTests.Harness;
using Tyr.Sqlite;

namespace Tyr.IntegrationTests;

/// <summary>Every event a daemon accepted arrives exactly once, whatever dies in between.</summary>
public sealed class DeliveryTests() : ServerTest("delivery")
{
    private TyrApi _api = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Ten_thousand_events_arrive_exactly_once_with_the_agent_id_of_their_daemon()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);

        await feed.SendAsync(Resources("bulk", 0, 10_000).Select(r => EventFeed.Line("FILE_READ", r)));

        var events = await WaitForEventsAsync(daemon, 10_000);
        AssertExactlyOnce(events, Resources("bulk", 0, 10_000));
        Assert.All(events, e => Assert.Equal(daemon.AgentId, e.GetProperty("agent_id").GetString()));
        var first = events[0];
        Assert.Equal("FILE_READ", first.GetProperty("kind").GetString());
        Assert.Equal("ALLOW", first.GetProperty("verdict").GetString());
        Assert.Equal(4242, first.GetProperty("pid").GetInt64());
        Assert.Equal("/usr/bin/test-agent", first.GetProperty("process_exe").GetString());
        Assert.Equal("integration-test", first.GetProperty("metadata").GetProperty("source").GetString());
        Assert.True(Guid.TryParse(first.GetProperty("event_id").GetString(), out var id) && id.Version == 7);
    }

    [Fact]
    public async Task Events_keep_coming_while_the_server_is_killed_and_down_and_all_arrive_once()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await using var feed = await EventFeed.ConnectAsync(daemon.EventSocket);

        await feed.SendAsync(Resources("before", 0, 1_000).Select(r => EventFeed.Line("EXEC", r)));
        await WaitForEventsAsync(daemon, 500, exactly: false);
        await Server.KillAsync();

        // While the server is down, events keep arriving at the daemon for several seconds.
        for (var second = 0; second < 4; second++)
        {
            await feed.SendAsync(Resources("down" + second, 0, 500).Select(r => EventFeed.Line("NET_CONNECT", r)));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await Server.RestartAsync();
        await feed.SendAsync(Resources("after", 0, 1_000).Select(r => EventFeed.Line("FILE_WRITE", r)));

        string[] expected = [.. Resources("before", 0, 1_000), .. Enumerable.Range(0, 4).SelectMany(s => Resources("down" + s, 0, 500)), .. Resources("after", 0, 1_000)];
        var events = await WaitForEventsAsync(daemon, expected.Length);
        AssertExactlyOnce(events, expected);
    }

    [Fact]
    public async Task Spooled_batches_survive_a_killed_daemon_and_arrive_once()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await Eventually.TrueAsync(async () => (await _api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(), Eventually.DefaultTimeout, () => "never connected:\n" + daemon.Output);

        await Server.KillAsync();
        await using (var feed = await EventFeed.ConnectAsync(daemon.EventSocket))
        {
            await feed.SendAsync(Resources("spooled", 0, 750).Select(r => EventFeed.Line("FILE_READ", r)));
        }

        await Eventually.TrueAsync(() => SpooledEvents(daemon.SpoolPath) == 750, Eventually.DefaultTimeout, () => $"spool holds {SpooledEvents(daemon.SpoolPath)} events, not 750:\n{daemon.Output}");
        await daemon.KillAsync();

        await Server.RestartAsync();
        await daemon.StartAsync();

        var events = await WaitForEventsAsync(daemon, 750);
        AssertExactlyOnce(events, Resources("spooled", 0, 750));
        await Eventually.TrueAsync(() => SpooledEvents(daemon.SpoolPath) == 0, Eventually.DefaultTimeout, () => "acknowledged batches stayed in the spool");
    }

    [Fact]
    public async Task A_full_spool_drops_the_oldest_events_and_reports_how_many()
    {
        var config = DaemonProcess.DefaultConfig + "\nspool_max_events: 300\nbatch_max_events: 50\n";
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, config: config);
        await daemon.StartAsync();
        await Eventually.TrueAsync(async () => (await _api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(), Eventually.DefaultTimeout, () => "never connected:\n" + daemon.Output);
        await Server.KillAsync();

        await using (var feed = await EventFeed.ConnectAsync(daemon.EventSocket))
        {
            await feed.SendAsync(Resources("overflow", 0, 1_000).Select(r => EventFeed.Line("FILE_READ", r)));
        }

        await Eventually.TrueAsync(() => SpooledEvents(daemon.SpoolPath) is > 0 and <= 300 && daemon.Output.Contains("over its cap"), Eventually.DefaultTimeout, () => $"spool holds {SpooledEvents(daemon.SpoolPath)}:\n{daemon.Output}");
        var spooled = SpooledEvents(daemon.SpoolPath);
        await Server.RestartAsync();

        var events = await WaitForEventsAsync(daemon, (int)spooled);
        var dropped = 0L;
        await Eventually.TrueAsync(
            async () => (dropped = (await _api.AgentAsync(daemon.AgentId)).GetProperty("drops").GetProperty("spool_dropped_events").GetInt64()) == 1_000 - spooled,
            Eventually.DefaultTimeout,
            () => $"server reports {dropped} dropped, expected {1_000 - spooled}");

        // The newest events are the ones kept: the drop takes the oldest.
        Assert.Contains(events, e => e.GetProperty("resource").GetString() == "overflow-00999");
        Assert.DoesNotContain(events, e => e.GetProperty("resource").GetString() == "overflow-00000");
    }

    [Fact]
    public async Task A_connected_daemon_reports_its_capabilities_and_answers_a_ping()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await Eventually.TrueAsync(async () => (await _api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(), Eventually.DefaultTimeout, () => "never connected:\n" + daemon.Output);

        var agent = await _api.AgentAsync(daemon.AgentId);
        var sources = agent.GetProperty("capabilities").GetProperty("event_sources").EnumerateArray().Select(s => s.GetString());
        Assert.Contains("test", sources);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), agent.GetProperty("kernel_version").GetString());

        using var ping = await _api.PostAsync($"/api/v1/agents/{daemon.AgentId}/ping");
        var body = await ping.Content.ReadAsStringAsync();
        Assert.True(ping.IsSuccessStatusCode, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("rtt_ms").GetDouble() >= 0);
        await daemon.WaitForOutputAsync("deny-by-default");
    }

    private static IEnumerable<string> Resources(string prefix, int from, int count) =>
        Enumerable.Range(from, count).Select(i => $"{prefix}-{i:D5}");

    private async Task<List<JsonElement>> WaitForEventsAsync(DaemonProcess daemon, int count, bool exactly = true)
    {
        List<JsonElement> events = [];
        await Eventually.TrueAsync(
            async () => (events = await _api.AllEventsAsync(daemon.AgentId)).Count >= count,
            TimeSpan.FromSeconds(120),
            () => $"{events.Count} of {count} events arrived");
        if (exactly)
        {
            // A duplicate could only come from a batch sent again; once the spool is empty every
            // batch is acknowledged and nothing will be, so the events read now are final.
            await Eventually.TrueAsync(
                () => SpooledEvents(daemon.SpoolPath) == 0,
                Eventually.DefaultTimeout,
                () => $"the spool still holds {SpooledEvents(daemon.SpoolPath)} events:\n{daemon.Output}");
            events = await _api.AllEventsAsync(daemon.AgentId);
        }

        return events;
    }

    private static void AssertExactlyOnce(List<JsonElement> events, IEnumerable<string> expected)
    {
        var resources = events.Select(e => e.GetProperty("resource").GetString()!).ToList();
        var duplicated = resources.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(duplicated.Count == 0, "delivered more than once: " + string.Join(", ", duplicated));
        var missing = expected.Except(resources).Take(5).ToList();
        Assert.True(missing.Count == 0, "never delivered: " + string.Join(", ", missing));
        Assert.Equal(expected.Count(), resources.Count);
    }

    private static long SpooledEvents(string spoolPath)
    {
        if (!File.Exists(spoolPath))
        {
            return 0;
        }

        using var connection = SqliteDatabase.Open(spoolPath, [], readOnly: true);
        return SqliteDatabase.ScalarInt64(connection, "SELECT COALESCE(SUM(event_count), 0) FROM batches");
    }
}
