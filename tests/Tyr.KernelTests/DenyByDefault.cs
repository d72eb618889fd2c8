using Tyr.BpfEntries;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;
using static Tyr.KernelTests.ConnectEnforcement;

namespace Tyr.KernelTests;

/// <summary>No policy at all (deny-by-default) is not the same as an empty policy.</summary>
public sealed class DenyByDefault
{
    [Fact]
    public async Task Deny_by_default_denies_a_connect_that_an_empty_policy_allows()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var listener = new LoopbackListener(Allowed);
        await using var running = RunningSource.Governing(agent.Path);
        RequireEnforcedConnect(running);
        var connect = $"exec 3<>/dev/tcp/{Allowed}/{listener.Port} && echo connected";

        // Before any policy the kernel is in deny-by-default.
        Assert.Null(running.Source.PolicyVersion);
        var first = await agent.RunAsync(connect);
        Assert.Contains("Operation not permitted", first.Stderr);
        var denied = await running.WaitForAsync(e => e.Pid == first.Pid && e.Kind == EventKind.NetConnect, "the connect in deny-by-default");
        Assert.Equal(Verdict.Deny, denied.Verdict);
        Assert.Equal("true", denied.Metadata["deny_by_default"]);
        Assert.Equal(0, denied.PolicyVersion);

        // An empty policy has no rule against it: allowed, by no rule.
        running.Source.ApplyPolicy(new BpfEntriesWriter().ToArray(), 12);
        var second = await agent.RunAsync(connect);
        Assert.Equal("connected", second.Stdout.Trim());
        var allowed = await running.WaitForAsync(e => e.Pid == second.Pid && e.Kind == EventKind.NetConnect, "the connect under the empty policy");
        Assert.Equal(Verdict.Allow, allowed.Verdict);
        Assert.Equal("true", allowed.Metadata["default_verdict"]);
        Assert.False(allowed.Metadata.ContainsKey("deny_by_default"));
        Assert.Equal(12, allowed.PolicyVersion);

        // And back.
        running.Source.SetDenyByDefault();
        var third = await agent.RunAsync(connect);
        Assert.Contains("Operation not permitted", third.Stderr);
    }

    [Fact]
    public async Task A_policy_default_decides_when_no_rule_matches()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var listener = new LoopbackListener(Allowed);
        await using var running = RunningSource.Governing(agent.Path);
        RequireEnforcedConnect(running);
        var policy = new BpfEntriesWriter();
        policy.AddDefault(0, EventKind.NetConnect, new BpfRule(40, Verdict.Deny, Severity.Low));
        running.Source.ApplyPolicy(policy.ToArray(), 13);

        var result = await agent.RunAsync($"exec 3<>/dev/tcp/{Allowed}/{listener.Port}");
        Assert.Contains("Operation not permitted", result.Stderr);
        var e = await running.WaitForAsync(e => e.Pid == result.Pid && e.Kind == EventKind.NetConnect, "the connect");
        Assert.Equal("40", e.Metadata["rule_id"]);
        Assert.Equal("true", e.Metadata["default_verdict"]);
        Assert.Equal(Severity.Low, e.Severity);
    }
}
