using System.Net;
using System.Net.Sockets;
using Tyr.BpfEntries;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>
/// NET_CONNECT is enforced in the kernel (cgroup/connect4 and connect6 here, lsm/socket_connect
/// where BPF-LSM loads). Only loopback: listeners on 127.0.0.2 and 127.0.0.3, nothing else.
/// </summary>
public sealed class ConnectEnforcement
{
    internal const string Denied = "127.0.0.2";
    internal const string Allowed = "127.0.0.3";

    [Fact]
    public async Task A_denied_connect_from_a_governed_child_fails_with_EPERM_and_an_allowed_one_succeeds()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var denied = new LoopbackListener(Denied);
        await using var allowed = new LoopbackListener(Allowed);
        await using var running = RunningSource.Governing(agent.Path);
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(DenyOneAllowOther(), 5);

        var refused = await agent.RunAsync($"exec 3<>/dev/tcp/{Denied}/{denied.Port}");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Operation not permitted", refused.Stderr);

        var permitted = await agent.RunAsync($"exec 3<>/dev/tcp/{Allowed}/{allowed.Port} && echo connected");
        Assert.Equal(0, permitted.ExitCode);
        Assert.Equal("connected", permitted.Stdout.Trim());

        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the denied connect");
        Assert.Equal(Verdict.Deny, deny.Verdict);
        Assert.Equal($"{Denied}:{denied.Port}", deny.Resource);
        Assert.Equal("true", deny.Metadata["enforced"]);
        Assert.Equal("1", deny.Metadata["rule_id"]);
        Assert.Equal("tcp", deny.Metadata["protocol"]);
        Assert.Equal(5, deny.PolicyVersion);
        Assert.Equal(agent.Path, deny.ProcessExe);

        var allow = await running.WaitForAsync(e => e.Pid == permitted.Pid && e.Kind == EventKind.NetConnect, "the allowed connect");
        Assert.Equal(Verdict.Allow, allow.Verdict);
        Assert.Equal($"{Allowed}:{allowed.Port}", allow.Resource);
    }

    [Fact]
    public async Task An_ungoverned_process_connects_to_the_denied_address()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var denied = new LoopbackListener(Denied);
        await using var running = RunningSource.Governing(agent.Path);
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(DenyOneAllowOther(), 5);

        var plain = await ProcessResult.RunAsync("/bin/bash", $"exec 3<>/dev/tcp/{Denied}/{denied.Port} && echo connected", TimeSpan.FromSeconds(10));
        Assert.Equal(0, plain.ExitCode);

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Parse(Denied), denied.Port); // tyrd itself is never governed

        await running.FenceAsync(agent);
        Assert.Empty(running.Events(e => e.Kind == EventKind.NetConnect));
    }

    [Fact]
    public async Task An_IPv4_mapped_IPv6_address_is_judged_by_the_IPv4_rules()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var denied = new LoopbackListener(Denied);
        await using var running = RunningSource.Governing(agent.Path);
        RequireEnforcedConnect(running);
        running.Source.ApplyPolicy(DenyOneAllowOther(), 5);

        var refused = await agent.RunAsync($"exec 3<>/dev/tcp/::ffff:{Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);

        var deny = await running.WaitForAsync(e => e.Pid == refused.Pid && e.Kind == EventKind.NetConnect, "the mapped connect");
        Assert.Equal(Verdict.Deny, deny.Verdict);
        Assert.Equal($"[::ffff:{Denied}]:{denied.Port}", deny.Resource);
        Assert.Equal("true", deny.Metadata["ipv4_mapped"]);
    }

    [Fact]
    public async Task A_process_in_a_governed_cgroup_is_governed()
    {
        Requires.Root();
        await using var denied = new LoopbackListener(Denied);
        using var cgroup = TestCgroup.Create();
        await using var running = RunningSource.Start(new Tyr.Daemon.Kernel.KernelOptions
        {
            GovernedCgroups = [new Tyr.Daemon.Kernel.GovernedPath(cgroup.Path, Scope: 3)],
        });
        RequireEnforcedConnect(running);
        var policy = new BpfEntriesWriter();
        policy.AddNetwork(3, IPNetwork.Parse($"{Denied}/32"), 0, new BpfRule(31, Verdict.Deny)); // overlay 3 only
        running.Source.ApplyPolicy(policy.ToArray(), 9);

        // The shell moves itself into the cgroup, then connects.
        var inside = await ProcessResult.RunAsync(
            "/bin/bash", $"echo $$ > {cgroup.Path}/cgroup.procs && exec 3<>/dev/tcp/{Denied}/{denied.Port}", TimeSpan.FromSeconds(10));
        Assert.Contains("Operation not permitted", inside.Stderr);

        var deny = await running.WaitForAsync(e => e.Pid == inside.Pid && e.Kind == EventKind.NetConnect, "the connect from the cgroup");
        Assert.Equal("cgroup", deny.Metadata["governed_by"]);
        Assert.Equal("3", deny.Metadata["scope"]);
        Assert.Equal("31", deny.Metadata["rule_id"]);

        var outside = await ProcessResult.RunAsync("/bin/bash", $"exec 3<>/dev/tcp/{Denied}/{denied.Port} && echo connected", TimeSpan.FromSeconds(10));
        Assert.Equal(0, outside.ExitCode);
    }

    internal static byte[] DenyOneAllowOther()
    {
        var policy = new BpfEntriesWriter();
        policy.AddNetwork(0, IPNetwork.Parse($"{Denied}/32"), 0, new BpfRule(1, Verdict.Deny, Severity.High));
        policy.AddNetwork(0, IPNetwork.Parse($"{Allowed}/32"), 0, new BpfRule(2, Verdict.Allow, Severity.Info));
        return policy.ToArray();
    }

    internal static void RequireEnforcedConnect(RunningSource running) =>
        Assert.SkipUnless(
            running.Source.Capabilities.Any(c => c.Kind == EventKind.NetConnect && c.Support == HookSupport.Enforced),
            $"NET_CONNECT is not enforced on this host: {running.Source.Summary}");
}
