using Tyr.KernelTests.Infrastructure;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>Start-up tries each hook family for real and reports exactly what it has.</summary>
public sealed class StartupReportsWhatLoaded
{
    [Fact]
    public async Task Where_BPF_LSM_is_refused_file_and_exec_are_observed_and_connect_is_enforced_by_cgroup_hooks()
    {
        Requires.Root();
        await using var running = RunningSource.Start(new Tyr.Daemon.Kernel.KernelOptions());
        var source = running.Source;
        Assert.SkipWhen(
            source.Capabilities.Any(c => c.Programs.Any(p => p.StartsWith("lsm/", StringComparison.Ordinal))),
            $"this kernel accepts BPF-LSM programs ({source.Summary}); the fallback is not what loads here");

        var byKind = source.Capabilities.ToDictionary(c => c.Kind);
        Assert.Equal([EventKind.FileRead, EventKind.FileWrite, EventKind.Exec, EventKind.NetConnect, EventKind.Tls], byKind.Keys.Order());

        Assert.Equal(HookSupport.Observed, byKind[EventKind.FileRead].Support);
        Assert.Equal(HookSupport.Observed, byKind[EventKind.FileWrite].Support);
        Assert.Contains("tracepoint/syscalls/sys_enter_openat", byKind[EventKind.FileRead].Programs);
        Assert.Contains("tracepoint/syscalls/sys_enter_openat2", byKind[EventKind.FileWrite].Programs);

        Assert.Equal(HookSupport.Observed, byKind[EventKind.Exec].Support);
        Assert.Equal(["tp_btf/sched_process_exec"], byKind[EventKind.Exec].Programs);

        Assert.Equal(HookSupport.Enforced, byKind[EventKind.NetConnect].Support);
        Assert.Equal(["cgroup/connect4", "cgroup/connect6"], byKind[EventKind.NetConnect].Programs);

        // Trampolines are refused here as well: the ClientHello is looked for at the send system calls.
        Assert.Equal(HookSupport.Observed, byKind[EventKind.Tls].Support);
        Assert.Contains("tracepoint/syscalls/sys_enter_sendto", byKind[EventKind.Tls].Programs);
        Assert.True(source.TlsCapture);

        Assert.StartsWith("kernel hooks: FILE_READ observed (tracepoint/syscalls/sys_enter_openat,", source.Summary);
        Assert.Contains("NET_CONNECT enforced (cgroup/connect4, cgroup/connect6)", source.Summary);
        Assert.Matches("; BPF-LSM (refused: E[A-Z0-9]+|not active .*)$", source.Summary);
        Assert.Contains(source.Summary, running.Log);
        foreach (var line in running.Log)
        {
            TestContext.Current.SendDiagnosticMessage(line);
        }
    }

    [Fact]
    public async Task Without_trying_BPF_LSM_the_fallbacks_load_and_say_so()
    {
        Requires.Root();
        await using var running = RunningSource.Start(new Tyr.Daemon.Kernel.KernelOptions { TryLsm = false });

        Assert.All(running.Source.Capabilities, c => Assert.NotEqual(HookSupport.Absent, c.Support));
        Assert.DoesNotContain(running.Source.Capabilities.SelectMany(c => c.Programs), p => p.StartsWith("lsm/", StringComparison.Ordinal));
        Assert.EndsWith("; BPF-LSM not tried (disabled)", running.Source.Summary);
    }

    [Fact]
    public void A_governed_cgroup_outside_the_cgroup_v2_hierarchy_is_refused()
    {
        Requires.Root();
        // A plain directory (on a hybrid layout, /sys/fs/cgroup itself is such a tmpfs): its inode
        // is no cgroup id, so governing it would govern nothing, silently.
        var directory = Directory.CreateTempSubdirectory("tyr-not-a-cgroup-").FullName;
        try
        {
            var e = Assert.Throws<Tyr.Daemon.Kernel.KernelException>(() => Tyr.Daemon.Kernel.KernelEventSource.Start(new Tyr.Daemon.Kernel.KernelOptions
            {
                GovernedCgroups = [new Tyr.Daemon.Kernel.GovernedPath(directory)],
            }));
            Assert.Contains($"governed cgroup {directory} is not under this host's cgroup v2 hierarchy", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }
}
