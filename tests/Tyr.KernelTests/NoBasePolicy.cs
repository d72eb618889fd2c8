using Tyr.BpfEntries;
using Tyr.Daemon.Kernel;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;
using static Tyr.KernelTests.ConnectEnforcement;

namespace Tyr.KernelTests;

/// <summary>
/// A daemon with no base policy but an agent-type overlay: processes of that type get the overlay
/// alone, every other governed process is denied. The compiler says so with base defaults DENY
/// flagged TYR_RULE_F_NO_BASE and ALLOW defaults for the overlay's scope (docs/bpf-entries.md).
/// </summary>
public sealed class NoBasePolicy
{
    private const ushort Cursor = 1; // AgentTypes: cursor
    private const ushort ClaudeCode = 2; // a type with no overlay
    private const uint NoBaseRuleId = 90;
    private const uint OverlayDenyRuleId = (Cursor << 16) | 1;

    private static readonly EventKind[] s_kinds = [EventKind.FileRead, EventKind.FileWrite, EventKind.Exec, EventKind.NetConnect];

    [Fact]
    public async Task The_overlay_type_connects_while_a_base_governed_process_is_refused()
    {
        Requires.Root();
        using var plain = new GovernedAgent();
        using var cursor = new GovernedAgent();
        await using var listener = new LoopbackListener(Allowed);
        await using var running = Governing((plain, 0), (cursor, Cursor));
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(OverlayWithoutBase(noBaseFlag: true), 21);
        var connect = $"exec 3<>/dev/tcp/{Allowed}/{listener.Port} && echo connected";

        var typed = await cursor.RunAsync(connect);
        Assert.Equal("connected", typed.Stdout.Trim());
        var refused = await plain.RunAsync(connect);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Operation not permitted", refused.Stderr);

        var allow = await running.WaitForAsync(e => e.Pid == typed.Pid && e.Kind == EventKind.NetConnect, "the overlay process's connect");
        Assert.Equal(Verdict.Allow, allow.Verdict);
        Assert.Equal("true", allow.Metadata["default_verdict"]);
        Assert.Equal("1", allow.Metadata["scope"]);
        Assert.Equal("cursor", allow.Metadata["agent_type"]);
        Assert.False(allow.Metadata.ContainsKey("rule_id"));
        Assert.Equal(21, allow.PolicyVersion);

        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the base process's connect");
        Assert.Equal(Verdict.Deny, deny.Verdict);
        Assert.Equal("true", deny.Metadata["enforced"]);
        Assert.Equal("true", deny.Metadata["default_verdict"]);
        Assert.Equal(NoBaseRuleId.ToString(), deny.Metadata["rule_id"]);
        Assert.Equal("0", deny.Metadata["scope"]);
        Assert.False(deny.Metadata.ContainsKey("agent_type"));
        Assert.False(deny.Metadata.ContainsKey("deny_by_default"));
    }

    [Fact]
    public async Task The_overlay_rules_still_decide_for_its_type()
    {
        Requires.Root();
        using var cursor = new GovernedAgent();
        await using var denied = new LoopbackListener(Denied);
        await using var running = Governing((cursor, Cursor));
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(OverlayWithoutBase(noBaseFlag: true), 22);

        var refused = await cursor.RunAsync($"exec 3<>/dev/tcp/{Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);
        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the connect the overlay denies");
        Assert.Equal(OverlayDenyRuleId.ToString(), deny.Metadata["rule_id"]);
        Assert.False(deny.Metadata.ContainsKey("default_verdict"));
    }

    [Fact]
    public async Task A_type_without_an_overlay_is_refused_like_a_base_process()
    {
        Requires.Root();
        using var claude = new GovernedAgent();
        await using var listener = new LoopbackListener(Allowed);
        await using var running = Governing((claude, ClaudeCode));
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(OverlayWithoutBase(noBaseFlag: true), 23);

        var refused = await claude.RunAsync($"exec 3<>/dev/tcp/{Allowed}/{listener.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);
        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the connect of a type with no overlay");
        Assert.Equal(NoBaseRuleId.ToString(), deny.Metadata["rule_id"]);
        Assert.Equal("claude-code", deny.Metadata["agent_type"]);
    }

    [Fact]
    public async Task Without_the_flag_the_base_default_is_as_strict_as_ever()
    {
        // The same entries minus TYR_RULE_F_NO_BASE: across scopes the strictest default wins, so
        // the overlay's ALLOW cannot lift the base's DENY. The flag alone makes the difference.
        Requires.Root();
        using var cursor = new GovernedAgent();
        await using var listener = new LoopbackListener(Allowed);
        await using var running = Governing((cursor, Cursor));
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(OverlayWithoutBase(noBaseFlag: false), 24);

        var refused = await cursor.RunAsync($"exec 3<>/dev/tcp/{Allowed}/{listener.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);
        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the connect");
        Assert.Equal(NoBaseRuleId.ToString(), deny.Metadata["rule_id"]);
    }

    /// <summary>What the compiler emits for "no base, a cursor overlay that denies 127.0.0.2".</summary>
    private static byte[] OverlayWithoutBase(bool noBaseFlag)
    {
        var policy = new BpfEntriesWriter();
        foreach (var kind in s_kinds)
        {
            policy.AddDefault(0, kind, new BpfRule(NoBaseRuleId, Verdict.Deny, Severity.High, noBaseFlag ? BpfRule.NoBase : (ushort)0));
            policy.AddDefault(Cursor, kind, new BpfRule(0, Verdict.Allow, Severity.Info));
        }

        policy.AddNetwork(Cursor, System.Net.IPNetwork.Parse($"{Denied}/32"), 0, new BpfRule(OverlayDenyRuleId, Verdict.Deny, Severity.High));
        return policy.ToArray();
    }

    private static RunningSource Governing(params (GovernedAgent Agent, ushort Scope)[] agents) =>
        RunningSource.Start(new KernelOptions
        {
            GovernedExecutables = [.. agents.Select(a => new GovernedPath(a.Agent.Path, a.Scope))],
        });
}
