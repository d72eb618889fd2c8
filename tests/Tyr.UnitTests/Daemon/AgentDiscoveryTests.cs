using Tyr.Agents;
using Tyr.Daemon.Agents;
using Tyr.Policy;

namespace Tyr.UnitTests.Daemon;

/// <summary>
/// The bookkeeping of agent discovery, fed with the process records the kernel would send. The
/// kernel side (tags at exec, real processes, real python) is tested in Tyr.KernelTests; here the
/// rules: which exec makes an agent, which process belongs to which agent, what the server is told.
/// </summary>
public sealed class AgentDiscoveryTests : IDisposable
{
    private const string BootId = "6f1a3c52-0000-4000-8000-000000000001";
    private const string Claude = "/usr/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe";
    private const string Python = "/usr/bin/python3.11";
    private readonly RecordingTagger _tagger = new();
    private readonly TempDirectory _proc = new();
    private readonly List<string> _log = [];
    private ulong _now = 1_000_000_000;

    public void Dispose() => _proc.Dispose();

    [Fact]
    public void A_kernel_tagged_exec_starts_an_agent_whose_id_is_its_root_and_start()
    {
        var discovery = Discovery();

        discovery.OnExec(Exec(100, Claude, ["claude", "-p", "hi"], taggedBy: "claude-code", start: 5_000_000_000));

        var agent = Assert.Single(discovery.TakeReport(complete: true));
        Assert.Equal(DiscoveredAgentId.Of(BootId, 100, 500, "claude-code"), agent.DiscoveredAgentId);
        Assert.Equal(("claude-code", "kernel", 100L, 1u), (agent.AgentType, agent.TaggedBy, agent.RootPid, agent.ProcessCount));
        Assert.Equal("claude -p hi", agent.Cmdline);
        Assert.Equal("claude-code executables: **/node_modules/@anthropic-ai/claude-code/bin/claude.exe", agent.Signature);
        Assert.Empty(_tagger.Tags); // the kernel did it
    }

    [Fact]
    public void Children_join_their_parents_agent_and_it_ends_with_its_last_process()
    {
        var discovery = Discovery();
        discovery.OnExec(Exec(100, Claude, ["claude"], taggedBy: "claude-code"));
        discovery.OnFork(100, 101);
        discovery.OnExec(Exec(101, "/usr/bin/bash", ["bash", "-c", "ls"], governedAs: "claude-code"));
        var id = discovery.Stamp(101, 42)!;

        discovery.OnExit(100, 2_000);
        Assert.Equal(0, Assert.Single(discovery.TakeReport(complete: true)).EndedAtNs);
        discovery.OnExit(101, 3_000);

        var ended = Assert.Single(discovery.TakeReport(complete: true));
        Assert.Equal(id, ended.DiscoveredAgentId);
        Assert.Equal((0u, 3_000 + Offset), (ended.ProcessCount, ended.EndedAtNs));
        Assert.Null(discovery.Stamp(101, 43));
    }

    [Fact]
    public void Python_running_an_agent_module_is_tagged_from_user_space_with_its_delay()
    {
        var discovery = Discovery();
        _now = 5_000_250_000;

        discovery.OnExec(Exec(200, Python, ["python3", "-m", "aider", "--yes"], at: 5_000_000_000));

        Assert.True(AgentTypes.TryGetScope("aider", out var aider));
        Assert.Equal([(200u, aider)], _tagger.Tags);
        var agent = Assert.Single(discovery.TakeReport(complete: true));
        Assert.Equal(("aider", "userspace", 250_000L), (agent.AgentType, agent.TaggedBy, agent.TagDelayNs));
        Assert.Contains(_log, l => l.Contains("tagged by userspace 250.0 µs after its exec", StringComparison.Ordinal));
    }

    [Fact]
    public void A_process_that_matches_nothing_is_left_alone()
    {
        var discovery = Discovery();

        discovery.OnExec(Exec(300, Python, ["python3", "script.py"]));
        discovery.OnExec(Exec(301, "/usr/bin/ls", ["ls", "-l"]));

        Assert.Empty(_tagger.Tags);
        Assert.Empty(discovery.TakeReport(complete: true));
    }

    [Fact]
    public void An_agent_that_execs_another_agent_makes_a_second_agent_and_a_plain_exec_stays_in_the_first()
    {
        var discovery = Discovery();
        discovery.OnExec(Exec(100, Claude, ["claude"], taggedBy: "claude-code"));
        discovery.OnFork(100, 101);
        discovery.OnFork(100, 102);

        discovery.OnExec(Exec(101, Python, ["python3", "-m", "aider"], governedAs: "claude-code"));
        discovery.OnExec(Exec(102, "/usr/bin/sh", ["sh", "-c", "make"], governedAs: "claude-code"));

        var report = discovery.TakeReport(complete: true);
        var claude = Assert.Single(report, a => a.AgentType == "claude-code");
        var aider = Assert.Single(report, a => a.AgentType == "aider");
        Assert.Equal((100L, 2u), (claude.RootPid, claude.ProcessCount));
        Assert.Equal((101L, 1u), (aider.RootPid, aider.ProcessCount));
        Assert.True(AgentTypes.TryGetScope("aider", out var scope));
        Assert.Equal([(101u, scope)], _tagger.Tags); // retagged: the kernel had given it claude-code's scope
        Assert.Equal(claude.DiscoveredAgentId, discovery.Stamp(102, 1));
    }

    [Fact]
    public void An_agent_binary_found_only_at_its_exec_is_handed_to_the_kernel_for_the_next_time()
    {
        var discovery = Discovery();

        discovery.OnExec(Exec(400, Claude, ["claude"]));

        Assert.Equal("userspace", Assert.Single(discovery.TakeReport(complete: true)).TaggedBy);
        Assert.True(AgentTypes.TryGetScope("claude-code", out var scope));
        Assert.Equal([(Claude, scope)], _tagger.Executables);
    }

    [Fact]
    public void Only_changed_agents_are_reported_between_complete_reports()
    {
        var discovery = Discovery();
        discovery.OnExec(Exec(100, Claude, ["claude"], taggedBy: "claude-code"));
        discovery.OnExec(Exec(200, Claude, ["claude"], taggedBy: "claude-code"));
        Assert.Equal(2, discovery.TakeReport(complete: false).Count);
        Assert.Empty(discovery.TakeReport(complete: false));

        discovery.Stamp(200, Offset + 7_000_000_000);

        var changed = Assert.Single(discovery.TakeReport(complete: false));
        Assert.Equal((200L, Offset + 7_000_000_000), (changed.RootPid, changed.LastActivityNs));
        Assert.Equal(2, discovery.TakeReport(complete: true).Count);
    }

    [Fact]
    public void Without_discovery_only_kernel_tagged_binaries_make_agents()
    {
        var discovery = Discovery(matchExecs: false);

        discovery.OnExec(Exec(200, Python, ["python3", "-m", "aider"]));
        discovery.OnExec(Exec(100, Claude, ["claude"], taggedBy: "claude-code"));

        Assert.Equal("claude-code", Assert.Single(discovery.TakeReport(complete: true)).AgentType);
        Assert.Empty(_tagger.Tags);
    }

    [Fact]
    public void Ended_agents_beyond_what_is_kept_are_counted_and_said_when_the_server_never_heard_of_them()
    {
        var discovery = Discovery();
        var count = AgentDiscovery.EndedKept + 6;
        for (uint pid = 1000; pid < 1000 + count; pid++)
        {
            discovery.OnExec(Exec(pid, Claude, ["claude"], taggedBy: "claude-code"));
            discovery.OnExit(pid, 5_000);
        }

        Assert.Equal(6, discovery.ForgottenUnreported);
        Assert.Equal(AgentDiscovery.EndedKept, discovery.TakeReport(complete: true).Count);
        Assert.Equal(6, _log.Count(l => l.Contains("forgotten before the server heard of it", StringComparison.Ordinal)));
    }

    [Fact]
    public void Ids_differ_by_boot_pid_start_and_type_and_are_uuids()
    {
        var id = DiscoveredAgentId.Of(BootId, 100, 500, "codex");

        Assert.True(Guid.TryParse(id, out var guid));
        Assert.Equal(8, guid.Version);
        Assert.Equal(id, DiscoveredAgentId.Of(BootId, 100, 500, "codex"));
        Assert.Equal(4, new[]
        {
            DiscoveredAgentId.Of("other-boot", 100, 500, "codex"),
            DiscoveredAgentId.Of(BootId, 101, 500, "codex"),
            DiscoveredAgentId.Of(BootId, 100, 501, "codex"),
            DiscoveredAgentId.Of(BootId, 100, 500, "aider"),
        }.Where(other => other != id).Distinct().Count());
    }

    private const long Offset = 1_700_000_000_000_000_000;

    private AgentDiscovery Discovery(bool matchExecs = true) =>
        new(SignatureCatalog.LoadDefault(), _tagger, matchExecs, boot => (long)boot + Offset, () => _now, BootId, _log.Add, _proc.Path);

    private static ProcessExec Exec(
        uint pid, string exe, string[] argv, string? taggedBy = null, string? governedAs = null, ulong start = 1_000, ulong at = 1_000)
    {
        var type = taggedBy ?? governedAs;
        var scope = type is not null && AgentTypes.TryGetScope(type, out var s) ? s : (ushort)0;
        return new ProcessExec(pid, 1, exe, argv, ArgvComplete: true, Governed: type is not null, TaggedByKernel: taggedBy is not null, scope, start, at);
    }

    private sealed class RecordingTagger : IProcessTagger
    {
        public List<(uint, ushort)> Tags { get; } = [];

        public List<(string, ushort)> Executables { get; } = [];

        public void Tag(uint tgid, ushort scope) => Tags.Add((tgid, scope));

        public bool GovernExecutable(string executable, ushort scope)
        {
            Executables.Add((executable, scope));
            return true;
        }

        public bool IsGovernedExecutable(string executable) => Executables.Any(e => e.Item1 == executable);
    }
}
