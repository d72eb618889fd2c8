using System.Text.Json;
using Tyr.IntegrationTests.Discovery;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>`tyr agents discovered` against a real server fed by an enrolled daemon's hand-driven stream.</summary>
public sealed class DiscoveredCommandTests() : ServerTest("cli-discovered")
{
    private static readonly DateTimeOffset s_t0 = Reported.Morning;

    [Fact]
    public async Task AgentsDiscoveredShowsEachAgentWithItsHostStateAndCommandNewestFirst()
    {
        var tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);
        var none = await tyr.RunAsync("agents", "discovered");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal(string.Empty, none.Stdout);
        Assert.Contains("no discovered agents match", none.Stderr, StringComparison.Ordinal);

        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "alice-laptop");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        var longPrompt = "claude -p " + new string('a', 200);
        var claude = Reported.Agent("claude-code", 4242, s_t0, processes: 3, lastActivity: s_t0.AddSeconds(30), cmdline: longPrompt);
        var codex = Reported.Agent("codex", 5151, s_t0.AddMinutes(1), cmdline: "codex exec fix\u001b[2Jthe tests");
        var gone = Reported.Agent("aider", 6161, s_t0.AddMinutes(2));
        await probe.ReportAsync(complete: true, claude, codex, gone);
        gone.EndedAtNs = Reported.Nanoseconds(s_t0.AddMinutes(3));
        await probe.ReportAsync(complete: false, gone);

        var table = await tyr.RunAsync("agents", "discovered");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["ID", "TYPE", "HOST", "PID", "PROCS", "STARTED", "LAST", "ACTIVITY", "STATE", "COMMAND"], Words(lines[0]));
        var newest = Words(lines[1]);
        Assert.Equal([gone.DiscoveredAgentId[..8], "aider", "alice-laptop", "6161", "-", "2026-01-31T08:02:00.000Z", "2026-01-31T08:02:00.000Z", "ended", "aider", "--yes"], newest);
        var oldest = Words(lines[3]);
        Assert.Equal([claude.DiscoveredAgentId[..8], "claude-code", "alice-laptop", "4242", "3", "2026-01-31T08:00:00.000Z", "2026-01-31T08:00:30.000Z", "running", "claude", "-p"], oldest[..10]);
        Assert.EndsWith("aaa...", lines[3], StringComparison.Ordinal);
        Assert.True(lines[3].Length < 250, "the command line was not cut: " + lines[3]);
        // Host data never drives the operator's terminal.
        Assert.DoesNotContain('\u001b', table.Stdout);
        Assert.Contains("codex exec fix?[2Jthe tests", lines[2], StringComparison.Ordinal);
        Assert.Equal(lines[0].IndexOf("STATE", StringComparison.Ordinal), lines[1].IndexOf("ended", StringComparison.Ordinal));

        var running = await tyr.RunAsync("agents", "discovered", "--running", "--type", "codex");
        Assert.True(running.ExitCode == 0, running.ToString());
        Assert.Equal([codex.DiscoveredAgentId[..8]], running.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => Words(l)[0]));
        var ended = await tyr.RunAsync("agents", "discovered", "--ended", "--agent", daemon.AgentId);
        Assert.Equal([gone.DiscoveredAgentId[..8]], ended.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => Words(l)[0]));

        var json = await tyr.RunAsync("agents", "discovered", "--limit", "1", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var only = Assert.Single(document.RootElement.GetProperty("discovered_agents").EnumerateArray());
        Assert.Equal(gone.DiscoveredAgentId, only.GetProperty("discovered_agent_id").GetString());
        Assert.Equal(daemon.AgentId, only.GetProperty("agent_id").GetString());
    }

    [Fact]
    public async Task AnAgentThatEndedWhileTyrdWasDownShowsAsLost()
    {
        var tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "restarted");
        var vanished = Reported.Agent("goose", 77, s_t0);
        await using (var before = await ProbeDaemon.ConnectAsync(Server, daemon))
        {
            await before.ReportAsync(complete: true, vanished);
        }

        await using var after = await ProbeDaemon.ConnectAsync(Server, daemon);
        await after.ReportAsync(complete: true);

        var table = await tyr.RunAsync("agents", "discovered");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal("lost", Words(table.Stdout.Split('\n')[1])[7]);
    }

    [Fact]
    public async Task BadFlagsAndFiltersAreUsageErrors()
    {
        var tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);

        foreach (var (arguments, message) in new[]
                 {
                     (new[] { "--running", "--ended" }, "--running and --ended exclude each other"),
                     (["--agent", "alice-laptop"], "--agent: 'alice-laptop' is not an agent ID"),
                     (["--limit", "0"], "--limit: must be from 1 to 1000"),
                     (["--type", "skynet"], "type: unknown agent type 'skynet'"),
                 })
        {
            var result = await tyr.RunAsync(["agents", "discovered", .. arguments]);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.StartsWith("tyr: error: " + message, result.Stderr, StringComparison.Ordinal);
            Assert.Equal(string.Empty, result.Stdout);
        }

        var unauthorized = await tyr.RunWithAsync(
            new Dictionary<string, string?> { ["TYR_SERVER"] = tyr.ServerUrl, ["TYR_TOKEN"] = "tyr_admin_wrong", ["TYR_CA"] = tyr.CaPath },
            null, "agents", "discovered");
        Assert.Equal(4, unauthorized.ExitCode);
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
