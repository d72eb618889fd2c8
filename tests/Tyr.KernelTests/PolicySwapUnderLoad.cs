using System.Diagnostics;
using System.Net;
using Tyr.BpfEntries;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;
using static Tyr.KernelTests.ConnectEnforcement;

namespace Tyr.KernelTests;

/// <summary>
/// A policy swap is atomic: a governed child connects in a loop while the rules flip between two
/// policies thousands of times, and every connect gets the verdict of one of them. Both deny
/// 127.0.0.2, in different ways (A by a rule, B by its default): a mixture of the two, or an
/// empty set between them, would let it through.
/// </summary>
public sealed class PolicySwapUnderLoad
{
    private const int Iterations = 10_000;
    private const uint RuleDenyA = 100;
    private const uint RuleAllowA = 101;
    private const uint DefaultDenyB = 200;
    private const uint RuleAllowB = 201;

    [Fact]
    public async Task Every_connect_gets_the_old_or_the_new_verdict_never_an_allow_that_neither_gives()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        await using var denied = new LoopbackListener(Denied);
        await using var allowed = new LoopbackListener(Allowed);
        await using var running = RunningSource.Start(new Tyr.Daemon.Kernel.KernelOptions
        {
            GovernedExecutables = [new Tyr.Daemon.Kernel.GovernedPath(agent.Path)],
            RingBufferSize = 32 * 1024 * 1024,
        });
        RequireEnforcedConnect(running);

        var policyA = new BpfEntriesWriter();
        policyA.AddNetwork(0, IPNetwork.Parse($"{Denied}/32"), 0, new BpfRule(RuleDenyA, Verdict.Deny));
        policyA.AddNetwork(0, IPNetwork.Parse($"{Allowed}/32"), 0, new BpfRule(RuleAllowA, Verdict.Allow));
        var policyB = new BpfEntriesWriter();
        policyB.AddDefault(0, EventKind.NetConnect, new BpfRule(DefaultDenyB, Verdict.Deny));
        policyB.AddNetwork(0, IPNetwork.Parse($"{Allowed}/32"), (ushort)allowed.Port, new BpfRule(RuleAllowB, Verdict.Allow));
        var a = policyA.ToArray();
        var b = policyB.ToArray();
        long version = 1;
        running.Source.ApplyPolicy(a, version); // odd versions are A, even ones B

        var script =
            "a2=0; d3=0; " +
            $"for ((i=0;i<{Iterations};i++)); do " +
            $"if {{ : >/dev/tcp/{Denied}/{denied.Port}; }} 2>/dev/null; then a2=$((a2+1)); fi; " +
            $"if ! {{ : >/dev/tcp/{Allowed}/{allowed.Port}; }} 2>>{agent.Directory}/refused; then d3=$((d3+1)); fi; " +
            "done; echo \"$a2 $d3\"";
        var hammer = agent.RunAsync(script, TimeSpan.FromMinutes(2));

        var flips = 0;
        var watch = Stopwatch.StartNew();
        while (!hammer.IsCompleted)
        {
            version++;
            running.Source.ApplyPolicy(version % 2 == 1 ? a : b, version);
            flips++;
        }

        var result = await hammer;
        watch.Stop();
        var counts = result.Stdout.Trim().Split(' ');
        Assert.True(counts[0] == "0", $"{counts[0]} connects to {Denied} got through");
        var refused = File.Exists($"{agent.Directory}/refused") ? File.ReadAllText($"{agent.Directory}/refused") : "";
        Assert.True(counts[1] == "0", $"{counts[1]} connects to {Allowed} failed: {refused}");
        Assert.True(flips >= 1000, $"only {flips} swaps in {watch.Elapsed} while the child ran");

        // Each verdict came with the rules of the version that judged it, never the other's.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (running.Events(e => e.Pid == result.Pid && e.Kind == EventKind.NetConnect).Count < 2 * Iterations && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var events = running.Events(e => e.Pid == result.Pid && e.Kind == EventKind.NetConnect);
        var lost = running.Source.RingBufferDropped;
        Assert.True(events.Count + (long)lost >= 2 * Iterations, $"{events.Count} events and {lost} ring drops for {2 * Iterations} connects");
        var versions = new HashSet<long>();
        foreach (var e in events)
        {
            var isA = e.PolicyVersion % 2 == 1;
            var rule = uint.Parse(e.Metadata["rule_id"], System.Globalization.CultureInfo.InvariantCulture);
            if (e.Resource.StartsWith(Denied + ":", StringComparison.Ordinal))
            {
                Assert.Equal(Verdict.Deny, e.Verdict);
                Assert.Equal(isA ? RuleDenyA : DefaultDenyB, rule);
            }
            else
            {
                Assert.Equal(Verdict.Allow, e.Verdict);
                Assert.Equal(isA ? RuleAllowA : RuleAllowB, rule);
            }

            versions.Add(e.PolicyVersion);
        }

        Assert.True(versions.Count > 100, $"the connects saw only {versions.Count} policy versions of {flips}");
        TestContext.Current.SendDiagnosticMessage($"{flips} swaps in {watch.Elapsed}, {events.Count} events over {versions.Count} versions");
    }
}
