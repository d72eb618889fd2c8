using Tyr.Daemon.Kernel;
using Tyr.Daemon.Kernel.Pinning;
using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;
using Tyr.Tests.Shared;

namespace Tyr.KernelTests;

/// <summary>
/// Enforcement outlives the source that set it up (docs/kernel.md, "Pinned enforcement"): its maps
/// and links are pinned in a bpffs directory of the test's own, a later source adopts them, and
/// removing the pins is what detaches the programs. A governed copy of bash hammers a denied
/// connect through all of it and counts what got through.
/// </summary>
public sealed class PinnedEnforcement
{
    [Fact]
    public async Task A_stopped_source_leaves_the_denial_in_force_and_the_next_one_adopts_it_with_no_call_allowed()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        using var pins = new TestPinDirectory();
        await using var denied = new LoopbackListener(ConnectEnforcement.Denied);
        var options = new KernelOptions { GovernedExecutables = [new GovernedPath(agent.Path)], PinDirectory = pins.Path };

        var first = RunningSource.Start(options);
        ConnectEnforcement.RequireEnforcedConnect(first);
        first.Source.ApplyPolicy(ConnectEnforcement.DenyOneAllowOther(), 5);
        await using var hammer = StartHammer(agent, denied.Port);
        await hammer.WaitForAttemptsAsync(20);

        await first.DisposeAsync(); // as a stopped tyrd: nothing of its own holds the hooks any more
        var downSince = UnixNanoseconds();
        var whileDown = hammer.Attempts;
        await hammer.WaitForAttemptsAsync(whileDown + 50);
        var downUntil = UnixNanoseconds();

        await using (var second = RunningSource.Start(options))
        {
            Assert.True(second.Source.AdoptedPins, string.Join("\n", second.Log));
            Assert.Equal(5, second.Source.PolicyVersion);
            Assert.Contains(second.Log, line => line.Contains("the pinned policy v5", StringComparison.Ordinal));
            var retired = second.Source.RetirePreviousPins();
            Assert.True(retired.Links > 0, "the first source's links were not retired");
            Assert.Single(Directory.GetDirectories(pins.Path));

            var afterSwap = hammer.Attempts;
            await hammer.WaitForAttemptsAsync(afterSwap + 50);
            var deny = await second.WaitForAsync(e => e.Kind == EventKind.NetConnect && e.Verdict == Verdict.Deny, "a denied connect seen by the adopting source");
            Assert.Equal(5, deny.PolicyVersion);

            // What the pinned programs recorded while no source ran waited in the pinned ring buffer.
            await second.WaitForAsync(
                e => e.Kind == EventKind.NetConnect && e.TimestampNs > downSince && e.TimestampNs < downUntil,
                "a connect denied while no source ran");
        }

        var (allowed, attempts) = await hammer.StopAsync();
        Assert.Equal(0, allowed);
        Assert.Equal(0, denied.Accepted);
        Assert.True(attempts > 120, $"only {attempts} connects were tried");

        // The second source is gone too, and its pins still hold the denial; removing them lifts it.
        var refused = await agent.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);
        var removal = PinDirectory.Existing(pins.Path)!.RemoveAll();
        Assert.True(removal.Links > 0 && removal.Maps > 0, $"removed {removal}");
        Assert.False(Directory.Exists(pins.Path));
        await Eventually(async () => (await agent.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port} && echo connected")).ExitCode == 0,
            "the connect is allowed once the pins are removed");
    }

    [Fact]
    public async Task Maps_of_another_layout_version_are_not_adopted_and_their_hooks_hold_until_retired()
    {
        Requires.Root();
        using var agent = new GovernedAgent();
        using var pins = new TestPinDirectory();
        await using var denied = new LoopbackListener(ConnectEnforcement.Denied);
        var options = new KernelOptions { GovernedExecutables = [new GovernedPath(agent.Path)], PinDirectory = pins.Path };

        await using (var first = RunningSource.Start(options))
        {
            ConnectEnforcement.RequireEnforcedConnect(first);
            first.Source.ApplyPolicy(ConnectEnforcement.DenyOneAllowOther(), 5);
        }

        var old = Directory.GetDirectories(pins.Path).Single();
        TestPinDirectory.SetLayoutVersion(old, 999);

        await using var second = RunningSource.Start(options);
        Assert.False(second.Source.AdoptedPins);
        Assert.Contains(second.Log, line => line.Contains("layout version 999, this tyrd's is 1", StringComparison.Ordinal));
        Assert.Null(second.Source.PolicyVersion); // fresh maps: deny-by-default until a policy comes

        // Both sets of hooks are attached: the old policy's denial and the new deny-by-default.
        var refused = await agent.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", refused.Stderr);

        second.Source.ApplyPolicy(ConnectEnforcement.DenyOneAllowOther(), 6);
        Assert.True(second.Source.RetirePreviousPins().Links > 0);
        Assert.False(Directory.Exists(old));
        var stillRefused = await agent.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", stillRefused.Stderr);
        var deny = await second.WaitForAsync(e => e.Pid == stillRefused.Pid && e.Kind == EventKind.NetConnect, "the denied connect under v6");
        Assert.Equal(6, deny.PolicyVersion);
    }

    [Fact]
    public async Task An_adopting_source_stops_governing_what_its_config_no_longer_names()
    {
        Requires.Root();
        using var before = new GovernedAgent();
        using var after = new GovernedAgent();
        using var pins = new TestPinDirectory();
        await using var denied = new LoopbackListener(ConnectEnforcement.Denied);

        await using (var first = RunningSource.Start(new KernelOptions { GovernedExecutables = [new GovernedPath(before.Path)], PinDirectory = pins.Path }))
        {
            ConnectEnforcement.RequireEnforcedConnect(first);
            first.Source.ApplyPolicy(ConnectEnforcement.DenyOneAllowOther(), 5);
        }

        await using var second = RunningSource.Start(new KernelOptions { GovernedExecutables = [new GovernedPath(after.Path)], PinDirectory = pins.Path });
        Assert.True(second.Source.AdoptedPins);
        second.Source.RetirePreviousPins();
        Assert.Contains(second.Log, line => line.Contains("no longer configured and were removed", StringComparison.Ordinal));

        var nowFree = await before.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port} && echo connected");
        Assert.Equal(0, nowFree.ExitCode);
        var nowGoverned = await after.RunAsync($": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{denied.Port}");
        Assert.Contains("Operation not permitted", nowGoverned.Stderr);
    }

    [Fact]
    public void A_pin_directory_that_is_not_roots_own_is_refused()
    {
        Requires.Root();
        using var pins = new TestPinDirectory();
        Directory.CreateDirectory(pins.Path);
        File.SetUnixFileMode(pins.Path, (UnixFileMode)0x1ed); // 0755: others may look in

        var refusal = Assert.Throws<KernelException>(() => PinDirectory.Open(pins.Path, null));
        Assert.Contains("is not tyrd's", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("mode 755", refusal.Message, StringComparison.Ordinal);
    }

    private static long UnixNanoseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, what);
            await Task.Delay(50);
        }
    }

    private static HammeringShell StartHammer(GovernedAgent agent, int port) =>
        HammeringShell.Start(agent.Path, "", $": 3<>/dev/tcp/{ConnectEnforcement.Denied}/{port}", Path.Combine(agent.Directory, "stop"));
}
