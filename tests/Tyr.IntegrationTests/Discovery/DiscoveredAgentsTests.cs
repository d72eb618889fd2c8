using System.Globalization;
using System.Text;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;
using Tyr.Protocol;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>
/// DiscoveredAgents reports from an enrolled daemon's stream, as a real tyr-server stores them and
/// GET /api/v1/discovered-agents shows them.
/// </summary>
public sealed class DiscoveredAgentsTests() : ServerTest("discovered")
{
    private static readonly DateTimeOffset s_t0 = Reported.Morning;

    [Fact]
    public async Task AReportedAgentIsListedWithItsDaemonAndLaterReportsUpdateIt()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "alice-laptop");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var claude = Reported.Agent("claude-code", 4242, s_t0.AddMilliseconds(123), processes: 3, lastActivity: s_t0.AddSeconds(1), cmdline: "claude -p hello");
        var codex = Reported.Agent("codex", 5151, s_t0.AddMinutes(1));
        codex.TaggedBy = "userspace";
        codex.TagDelayNs = 412_345;

        await probe.ReportAsync(complete: true, claude, codex);

        var listed = await ListAsync(api, string.Empty);
        Assert.Equal([codex.DiscoveredAgentId, claude.DiscoveredAgentId], Ids(listed));
        var shown = listed[1];
        Assert.Equal(daemon.AgentId, shown.GetProperty("agent_id").GetString());
        Assert.Equal("alice-laptop", shown.GetProperty("agent_name").GetString());
        Assert.Equal("claude-code", shown.GetProperty("agent_type").GetString());
        Assert.Equal(4242, shown.GetProperty("root_pid").GetInt64());
        Assert.Equal("/usr/local/bin/claude-code", shown.GetProperty("exe").GetString());
        Assert.Equal("claude -p hello", shown.GetProperty("cmdline").GetString());
        Assert.Equal("2026-01-31T08:00:00.123Z", shown.GetProperty("started_at").GetString());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("ended_at").ValueKind);
        Assert.True(shown.GetProperty("running").GetBoolean());
        Assert.Equal(3, shown.GetProperty("process_count").GetInt64());
        Assert.Equal("2026-01-31T08:00:01.000Z", shown.GetProperty("last_activity").GetString());
        Assert.Equal(claude.Signature, shown.GetProperty("signature").GetString());
        Assert.Equal("kernel", shown.GetProperty("tagged_by").GetString());
        Assert.Equal(0, shown.GetProperty("events").GetInt64());
        Assert.Equal("userspace", listed[0].GetProperty("tagged_by").GetString());
        Assert.Equal(412, listed[0].GetProperty("tag_delay_us").GetInt64());

        // Once a second tyrd sends only what changed: codex ended, claude grew.
        codex.EndedAtNs = Reported.Nanoseconds(s_t0.AddMinutes(2));
        codex.ProcessCount = 0;
        claude.ProcessCount = 5;
        claude.LastActivityNs = Reported.Nanoseconds(s_t0.AddSeconds(5));
        await probe.ReportAsync(complete: false, codex, claude);
        // A later report that carries an older activity time never moves it back.
        claude.ProcessCount = 4;
        claude.LastActivityNs = Reported.Nanoseconds(s_t0.AddSeconds(2));
        await probe.ReportAsync(complete: false, claude);

        var ended = await api.GetJsonAsync("/api/v1/discovered-agents/" + codex.DiscoveredAgentId);
        Assert.False(ended.GetProperty("running").GetBoolean());
        Assert.Equal("2026-01-31T08:02:00.000Z", ended.GetProperty("ended_at").GetString());
        Assert.True(ended.GetProperty("end_seen").GetBoolean());
        var grown = await api.GetJsonAsync("/api/v1/discovered-agents/" + claude.DiscoveredAgentId.ToUpperInvariant());
        Assert.Equal(4, grown.GetProperty("process_count").GetInt64());
        Assert.Equal("2026-01-31T08:00:05.000Z", grown.GetProperty("last_activity").GetString());
        Assert.True(grown.GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task AnAgentMissingFromTheCompleteReportAfterATyrdRestartIsEndedAsUnwatched()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "restarted");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var vanished = Reported.Agent("claude-code", 100, s_t0);
        var survivor = Reported.Agent("aider", 200, s_t0.AddMinutes(1));
        await using (var before = await ProbeDaemon.ConnectAsync(Server, daemon))
        {
            await before.ReportAsync(complete: true, vanished, survivor);
        }

        // tyrd restarted: its first report is complete and knows nothing of the claude-code run.
        var newcomer = Reported.Agent("goose", 300, s_t0.AddMinutes(2));
        await using var after = await ProbeDaemon.ConnectAsync(Server, daemon);
        var reportedFrom = DateTimeOffset.UtcNow.AddSeconds(-1);
        await after.ReportAsync(complete: true, survivor, newcomer);
        var reportedTo = DateTimeOffset.UtcNow.AddSeconds(1);

        var all = await ListAsync(api, string.Empty);
        Assert.Equal([newcomer.DiscoveredAgentId, survivor.DiscoveredAgentId, vanished.DiscoveredAgentId], Ids(all));
        var lost = all[2];
        Assert.False(lost.GetProperty("running").GetBoolean());
        Assert.False(lost.GetProperty("end_seen").GetBoolean());
        var endedAt = DateTimeOffset.Parse(lost.GetProperty("ended_at").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(endedAt, reportedFrom, reportedTo);
        Assert.Equal([vanished.DiscoveredAgentId], Ids(await ListAsync(api, "?state=ended")));
        Assert.Equal([newcomer.DiscoveredAgentId, survivor.DiscoveredAgentId], Ids(await ListAsync(api, "?state=running")));
    }

    [Fact]
    public async Task ABadEntryIsRefusedAndLoggedWhileTheGoodOnesOfTheSameReportAreStored()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "mixed");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var kept = Reported.Agent("cline", 10, s_t0);
        await probe.ReportAsync(complete: true, kept);

        var first = Reported.Agent("codex", 11, s_t0.AddMinutes(1));
        var badId = Reported.Agent("codex", 12, s_t0, id: "not-a-uuid");
        var badType = Reported.Agent("skynet", 13, s_t0);
        var longExe = Reported.Agent("aider", 14, s_t0);
        longExe.Exe = "/" + new string('x', 5000);
        // The running agent's own entry is broken this time: refused, but still listed, so not ended.
        var brokenKept = Reported.Agent("cline", -1, s_t0, id: kept.DiscoveredAgentId);
        var last = Reported.Agent("amp", 15, s_t0.AddMinutes(2));
        await probe.ReportAsync(complete: true, first, badId, badType, longExe, brokenKept, last);

        var listed = await ListAsync(api, string.Empty);
        Assert.Equal([last.DiscoveredAgentId, first.DiscoveredAgentId, kept.DiscoveredAgentId], Ids(listed));
        Assert.True(listed[2].GetProperty("running").GetBoolean());
        await Eventually.TrueAsync(
            () => Server.Output.Contains("discovered_agent_id 'not-a-uuid' is not a UUID", StringComparison.Ordinal) &&
                  Server.Output.Contains("unknown agent type 'skynet'", StringComparison.Ordinal) &&
                  Server.Output.Contains("exe is 5001 characters long; at most 4096", StringComparison.Ordinal) &&
                  Server.Output.Contains("root_pid -1 is not a process id", StringComparison.Ordinal),
            Eventually.DefaultTimeout,
            () => "the refusals were not logged:\n" + Server.Output);
        Assert.Contains($"Agent {daemon.AgentId}: discovered agent 1 of a complete report refused", Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachAgentCountsItsStoredEventsAndTheEventsListFiltersByIt()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "busy");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var claude = Reported.Agent("claude-code", 20, s_t0);
        var codex = Reported.Agent("codex", 21, s_t0.AddSeconds(1));
        await probe.ReportAsync(complete: true, claude, codex);

        await probe.SendEventsAsync(
            Event(claude.DiscoveredAgentId, "/etc/hosts"),
            Event(claude.DiscoveredAgentId, "/etc/passwd"),
            Event(codex.DiscoveredAgentId, "/etc/shadow"),
            Event(string.Empty, "/etc/motd"));

        var listed = await ListAsync(api, string.Empty);
        Assert.Equal(1, listed[0].GetProperty("events").GetInt64());
        Assert.Equal(2, listed[1].GetProperty("events").GetInt64());
        var page = await api.GetJsonAsync("/api/v1/events?discovered_agent=" + claude.DiscoveredAgentId);
        var resources = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("resource").GetString()).ToList();
        Assert.Equal(["/etc/hosts", "/etc/passwd"], resources);
        var (status, error) = await api.SendJsonAsync(HttpMethod.Get, "/api/v1/events?discovered_agent=claude-1");
        Assert.Equal(400, status);
        Assert.StartsWith("discovered_agent: 'claude-1' is not a UUID", error.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersNarrowTheListAndABadFilterNamesItsParameter()
    {
        await using var alice = await DaemonProcess.EnrollAsync(Server, Directory, "alice");
        await using var bob = await DaemonProcess.EnrollAsync(Server, Directory, "bob");
        await using var aliceProbe = await ProbeDaemon.ConnectAsync(Server, alice);
        await using var bobProbe = await ProbeDaemon.ConnectAsync(Server, bob);
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var aliceClaude = Reported.Agent("claude-code", 30, s_t0);
        var aliceCodex = Reported.Agent("codex", 31, s_t0.AddMinutes(1));
        var bobClaude = Reported.Agent("claude-code", 30, s_t0.AddMinutes(2));
        await aliceProbe.ReportAsync(complete: true, aliceClaude, aliceCodex);
        await bobProbe.ReportAsync(complete: true, bobClaude);

        Assert.Equal([aliceCodex.DiscoveredAgentId, aliceClaude.DiscoveredAgentId], Ids(await ListAsync(api, "?agent=" + alice.AgentId)));
        Assert.Equal([bobClaude.DiscoveredAgentId, aliceClaude.DiscoveredAgentId], Ids(await ListAsync(api, "?type=claude-code")));
        Assert.Equal([bobClaude.DiscoveredAgentId], Ids(await ListAsync(api, $"?type=claude-code&agent={bob.AgentId}&state=running")));
        Assert.Equal([bobClaude.DiscoveredAgentId], Ids(await ListAsync(api, "?limit=1")));
        Assert.Empty(await ListAsync(api, "?state=ended"));
        Assert.Equal("bob", (await ListAsync(api, "?limit=1"))[0].GetProperty("agent_name").GetString());

        foreach (var (query, message) in new[]
                 {
                     ("?agent=host-1", "agent: 'host-1' is not a UUID"),
                     ("?type=skynet", "type: unknown agent type 'skynet'; known types: cursor, claude-code"),
                     ("?state=zombie", "state: 'zombie' is not running or ended"),
                     ("?limit=0", "limit: must be an integer from 1 to 1000"),
                     ("?limit=1001", "limit: must be an integer from 1 to 1000"),
                     ("?colour=red", "colour: unknown parameter; expected agent, type, state, limit"),
                     ("?state=running&state=ended", "state: given 2 times; give it once"),
                 })
        {
            var (status, body) = await api.SendJsonAsync(HttpMethod.Get, "/api/v1/discovered-agents" + query);
            Assert.True(status == 400, $"{query}: {status} {body}");
            Assert.StartsWith(message, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var unknown = Guid.NewGuid().ToString();
        var (notFound, missing) = await api.SendJsonAsync(HttpMethod.Get, "/api/v1/discovered-agents/" + unknown);
        Assert.Equal(404, notFound);
        Assert.Equal($"no discovered agent {unknown}; see GET /api/v1/discovered-agents", missing.GetProperty("error").GetString());
        var (badId, badIdBody) = await api.SendJsonAsync(HttpMethod.Get, "/api/v1/discovered-agents/claude-1");
        Assert.Equal(400, badId);
        Assert.StartsWith("id: 'claude-1' is not a UUID", badIdBody.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var anonymous = new TyrApi(Server, adminToken: null);
        using var refused = await anonymous.GetAsync("/api/v1/discovered-agents");
        Assert.Equal(401, (int)refused.StatusCode);
    }

    [Fact]
    public async Task AnApiKeyOnAnAgentsCommandLineNeverReachesTheApiOrTheDatabase()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "keys");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        const string shapedKey = "sk-proj-Abc123Def456Ghi789Jkl012Mno345";
        const string plainSecret = "hunter2hunter2";
        var aider = Reported.Agent("aider", 40, s_t0,
            cmdline: $"python -m aider --openai-api-key {shapedKey} --model gpt-4o --max-tokens 4000 --password={plainSecret} notes.md");

        await probe.ReportAsync(complete: true, aider);

        var shown = await api.GetJsonAsync("/api/v1/discovered-agents/" + aider.DiscoveredAgentId);
        Assert.Equal(
            "python -m aider --openai-api-key [REDACTED] --model gpt-4o --max-tokens 4000 --password=[REDACTED] notes.md",
            shown.GetProperty("cmdline").GetString());
        await Server.StopAsync();
        foreach (var file in System.IO.Directory.GetFiles(Server.DataDirectory, "tyr.db*"))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(shapedKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(plainSecret, text, StringComparison.Ordinal);
        }
    }

    private static Event Event(string discoveredAgentId, string resource) => new()
    {
        EventId = Guid.CreateVersion7().ToString(),
        DiscoveredAgentId = discoveredAgentId,
        Kind = EventKind.FileRead,
        Resource = resource,
        Verdict = Verdict.Allow,
        TimestampNs = Reported.Nanoseconds(DateTimeOffset.UtcNow),
    };

    private static async Task<List<JsonElement>> ListAsync(TyrApi api, string query) =>
        [.. (await api.GetJsonAsync("/api/v1/discovered-agents" + query)).GetProperty("discovered_agents").EnumerateArray()];

    private static List<string?> Ids(List<JsonElement> agents) => [.. agents.Select(a => a.GetProperty("discovered_agent_id").GetString())];
}
