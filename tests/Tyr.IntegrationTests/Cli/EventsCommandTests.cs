using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>
/// `tyr events list` and `tyr events tail` against a real server, with events sent by a real tyrd
/// through its test event socket.
/// </summary>
public sealed class EventsCommandTests() : ServerTest("cli-events")
{
    private TyrCommand _tyr = null!;
    private TyrApi _api = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var token = await Server.CreateAdminTokenAsync();
        _tyr = new TyrCommand(Server, token, Directory);
        _api = new TyrApi(Server, token);
    }

    public override async ValueTask DisposeAsync()
    {
        _api?.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Events_list_filters_by_agent_kind_and_verdict_in_a_table_or_as_json()
    {
        await using var daemon = await StartDaemonAsync("filters");
        await SendAsync(daemon, 4,
            EventFeed.Line("EXEC", "/usr/bin/rm", "DENY"),
            EventFeed.Line("EXEC", "/usr/bin/ls", "ALLOW"),
            EventFeed.Line("FILE_WRITE", "/etc/passwd", "DENY"),
            EventFeed.Line("NET_CONNECT", "10.0.0.1:443", "ALERT"));

        var all = await _tyr.RunAsync("events", "list");
        Assert.True(all.ExitCode == 0, all.ToString());
        var lines = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["TIME", "AGENT", "KIND", "VERDICT", "SEVERITY", "POLICY", "DRIFT", "PROCESS", "RESOURCE"], Words(lines[0]));
        Assert.Equal(["/usr/bin/rm", "/usr/bin/ls", "/etc/passwd", "10.0.0.1:443"], lines[1..].Select(l => Words(l)[^1]));
        var row = Words(lines[1]);
        Assert.Equal([daemon.AgentId, "EXEC", "DENY", "INFO", "-", "-", "/usr/bin/test-agent", "/usr/bin/rm"], row[1..]);
        Assert.True(DateTimeOffset.TryParse(row[0], out var time) && Math.Abs((DateTimeOffset.UtcNow - time).TotalHours) < 1, row[0]);

        var denied = await _tyr.RunAsync("events", "list", "--agent", daemon.AgentId, "--kind", "exec", "--verdict", "deny");
        Assert.True(denied.ExitCode == 0, denied.ToString());
        Assert.Equal(["/usr/bin/rm"], Resources(denied.Stdout));

        Assert.Equal(["/usr/bin/rm", "/etc/passwd"], Resources((await _tyr.RunAsync("events", "list", "--verdict", "DENY")).Stdout));
        Assert.Equal(["10.0.0.1:443"], Resources((await _tyr.RunAsync("events", "list", "--kind", "NET_CONNECT")).Stdout));
        Assert.Equal(["/usr/bin/rm", "/usr/bin/ls", "/etc/passwd", "10.0.0.1:443"], Resources((await _tyr.RunAsync("events", "list", "--since", "1h")).Stdout));

        var future = await _tyr.RunAsync("events", "list", "--since", "2200-01-01T00:00:00Z");
        Assert.True(future.ExitCode == 0, future.ToString());
        Assert.Equal(string.Empty, future.Stdout);
        Assert.Contains("no events match", future.Stderr);

        var json = await _tyr.RunAsync("events", "list", "--verdict", "deny", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var page = JsonDocument.Parse(json.Stdout);
        Assert.Equal(
            ["/usr/bin/rm", "/etc/passwd"],
            page.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("resource").GetString()));
        Assert.False(page.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(JsonValueKind.Number, page.RootElement.GetProperty("events")[0].GetProperty("timestamp_ns").ValueKind);
    }

    [Fact]
    public async Task Events_list_pages_with_limit_and_the_cursor_it_prints()
    {
        await using var daemon = await StartDaemonAsync("pages");
        await SendAsync(daemon, 3,
            EventFeed.Line("EXEC", "/bin/one"),
            EventFeed.Line("EXEC", "/bin/two"),
            EventFeed.Line("EXEC", "/bin/three"));

        var first = await _tyr.RunAsync("events", "list", "--limit", "2");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(["/bin/one", "/bin/two"], Resources(first.Stdout));
        const string prefix = "more events match: continue with --cursor ";
        Assert.StartsWith(prefix, first.Stderr);
        var cursor = first.Stderr.Trim()[prefix.Length..];

        var second = await _tyr.RunAsync("events", "list", "--limit", "2", "--cursor", cursor);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(["/bin/three"], Resources(second.Stdout));
        Assert.Equal(string.Empty, second.Stderr);
    }

    [Fact]
    public async Task Bad_filters_are_usage_errors_named_after_what_to_fix()
    {
        var kind = await _tyr.RunAsync("events", "list", "--kind", "OPEN");
        Assert.True(kind.ExitCode == 2, kind.ToString());
        Assert.Equal("tyr: error: kind: 'OPEN' is not one of FILE_READ, FILE_WRITE, EXEC, NET_CONNECT, TLS\n", kind.Stderr);

        var agent = await _tyr.RunAsync("events", "list", "--agent", "host-1");
        Assert.True(agent.ExitCode == 2, agent.ToString());
        Assert.Equal("tyr: error: --agent: 'host-1' is not an agent ID (a UUID, as `tyr agents list` shows)\n", agent.Stderr);

        var limit = await _tyr.RunAsync("events", "list", "--limit", "0");
        Assert.True(limit.ExitCode == 2, limit.ToString());
        Assert.Contains("--limit: must be from 1 to 1000", limit.Stderr);

        var since = await _tyr.RunAsync("events", "tail", "--since", "yesterday");
        Assert.True(since.ExitCode == 2, since.ToString());
        Assert.Contains("since: 'yesterday' is not an RFC 3339 time", since.Stderr);
    }

    [Fact]
    public async Task Events_tail_prints_only_events_that_arrive_after_it_started_until_ctrl_c()
    {
        await using var daemon = await StartDaemonAsync("tail");
        await SendAsync(daemon, 1, EventFeed.Line("EXEC", "/usr/bin/old", "DENY"));

        await using var tail = _tyr.Start("events", "tail");
        // The header comes once tail has moved past the stored events.
        await tail.WaitForLineAsync(l => l.StartsWith("TIME ", StringComparison.Ordinal), "its header");
        await SendAsync(daemon, 3, EventFeed.Line("FILE_WRITE", "/etc/new-one", "DENY"), EventFeed.Line("EXEC", "/usr/bin/new-two"));

        var line = await tail.WaitForLineAsync(l => l.EndsWith("/usr/bin/new-two", StringComparison.Ordinal), "the second new event");
        await tail.WaitForLineAsync(l => l.EndsWith("/etc/new-one", StringComparison.Ordinal), "the first new event");
        Assert.Equal(0, await tail.InterruptAsync());

        Assert.DoesNotContain(tail.StdoutLines, l => l.Contains("/usr/bin/old", StringComparison.Ordinal));
        Assert.Equal(3, tail.StdoutLines.Count);
        Assert.Equal([daemon.AgentId, "EXEC", "ALLOW", "INFO"], Words(line)[1..5]);
        // Columns of fixed width, so the rows line up with the header printed before them.
        var header = tail.StdoutLines[0];
        Assert.Equal(header.IndexOf("VERDICT", StringComparison.Ordinal), line.IndexOf("ALLOW", StringComparison.Ordinal));
        Assert.Equal(header.IndexOf("RESOURCE", StringComparison.Ordinal), line.IndexOf("/usr/bin/new-two", StringComparison.Ordinal));
        Assert.Equal(string.Empty, tail.Stderr);
    }

    [Fact]
    public async Task Events_tail_since_prints_stored_matches_first_then_new_ones_as_json_lines()
    {
        await using var daemon = await StartDaemonAsync("tail-json");
        await SendAsync(daemon, 2, EventFeed.Line("EXEC", "/usr/bin/stored-deny", "DENY"), EventFeed.Line("EXEC", "/usr/bin/stored-allow"));

        await using var tail = _tyr.Start("events", "tail", "--since", "1h", "--verdict", "deny", "-o", "json");
        await tail.WaitForLineAsync(l => l.Contains("/usr/bin/stored-deny", StringComparison.Ordinal), "the stored DENY event");
        await SendAsync(daemon, 4, EventFeed.Line("EXEC", "/usr/bin/new-allow"), EventFeed.Line("FILE_WRITE", "/etc/new-deny", "DENY"));
        await tail.WaitForLineAsync(l => l.Contains("/etc/new-deny", StringComparison.Ordinal), "the new DENY event");
        Assert.Equal(0, await tail.InterruptAsync());

        var events = tail.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["/usr/bin/stored-deny", "/etc/new-deny"], events.Select(e => e.GetProperty("resource").GetString()));
        Assert.All(events, e => Assert.Equal(daemon.AgentId, e.GetProperty("agent_id").GetString()));
    }

    [Fact]
    public async Task Events_list_drift_shows_the_events_whose_verdict_their_policy_version_disagrees_with()
    {
        await using var daemon = await StartDaemonAsync("drift");
        var policy = Path.Combine(Binaries.RepositoryRoot(), "examples", "policies", "deny-exec.yaml");
        Assert.Equal(0, (await _tyr.RunAsync("policy", "apply", policy)).ExitCode);
        Assert.Equal(0, (await _tyr.RunAsync("policy", "assign", "1", "--daemon", daemon.AgentId)).ExitCode);
        using (var effective = JsonDocument.Parse((await _tyr.RunAsync("policy", "effective", daemon.AgentId, "-o", "json")).Stdout))
        {
            await daemon.WaitForOutputAsync($"policy v{effective.RootElement.GetProperty("push_version").GetInt64()}: base deny-exec v1");
        }

        // deny-exec denies /usr/bin/rm and allows /usr/bin/ls: a DENY of ls is drift, a DENY of rm is not.
        await SendAsync(daemon, 2, EventFeed.Line("EXEC", "/usr/bin/ls", "DENY"), EventFeed.Line("EXEC", "/usr/bin/rm", "DENY"));
        await Eventually.TrueAsync(
            async () => Resources((await _tyr.RunAsync("events", "list", "--drift")).Stdout).Length > 0,
            Eventually.DefaultTimeout,
            () => "no event was flagged as drift:\n" + Server.Output);

        var drift = await _tyr.RunAsync("events", "list", "--drift");
        Assert.True(drift.ExitCode == 0, drift.ToString());
        var row = Words(Lines(drift.Stdout).Single(l => !l.StartsWith("TIME", StringComparison.Ordinal)));
        Assert.Equal(["EXEC", "DENY"], row[2..4]);
        Assert.Equal(["expected", "ALLOW", "/usr/bin/test-agent", "/usr/bin/ls"], row[^4..]);

        var all = Lines((await _tyr.RunAsync("events", "list")).Stdout);
        Assert.Equal(["-", "/usr/bin/test-agent", "/usr/bin/rm"], Words(all.Single(l => l.EndsWith("/usr/bin/rm", StringComparison.Ordinal)))[^3..]);
    }

    private async Task<DaemonProcess> StartDaemonAsync(string name)
    {
        var daemon = await DaemonProcess.EnrollAsync(Server, Directory, name);
        await daemon.StartAsync();
        return daemon;
    }

    /// <summary>Sends events through tyrd and waits until the server has <paramref name="total"/> of its events.</summary>
    private async Task SendAsync(DaemonProcess daemon, int total, params string[] lines)
    {
        await using (var feed = await EventFeed.ConnectAsync(daemon.EventSocket))
        {
            await feed.SendAsync(lines);
        }

        await Eventually.TrueAsync(
            async () => (await _api.AllEventsAsync(daemon.AgentId)).Count >= total,
            Eventually.DefaultTimeout,
            () => $"the server did not get {total} events:\n{daemon.Output}");
    }

    private static string[] Resources(string table) =>
        [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => Words(l)[^1])];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
