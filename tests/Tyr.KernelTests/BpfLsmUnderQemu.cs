using System.Diagnostics;
using System.Runtime.CompilerServices;
using Tyr.KernelTests.Infrastructure;

namespace Tyr.KernelTests;

/// <summary>
/// The enforced path, on a kernel that accepts BPF-LSM programs: Debian's cloud kernel under qemu
/// runs the NativeAOT scenario (Scenario/Program.cs) from an initramfs. Opt-in: it downloads a
/// kernel package once and takes a minute or two without KVM. It ends with a policy swap under
/// load through lsm/file_open, which must print "SWAP PASS".
/// </summary>
public sealed class BpfLsmUnderQemu
{
    [Fact]
    public async Task Under_a_BPF_LSM_kernel_writes_execs_and_connects_that_the_rules_deny_fail_with_EPERM()
    {
        Assert.SkipUnless(
            Environment.GetEnvironmentVariable("TYR_QEMU_LSM") == "1",
            "boots a BPF-LSM kernel under qemu (a minute or two): set TYR_QEMU_LSM=1 to run it");
        Requires.Root();
        Requires.Tool("qemu-system-x86_64");
        Requires.Tool("cpio");
        Requires.File("/bin/busybox", "the initramfs is busybox (busybox-static)");

        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(SourceDirectory(), "Scenario", "run-qemu-lsm.sh"));
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var console = await output;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{console}\n{await errors}");
        Assert.Contains("SCENARIO PASS", console);
        Assert.Contains("CASE ungoverned: exit 0, write, exec and connect not stopped, expected not stopped: ok", console);
        Assert.Contains("NET_CONNECT enforced (lsm/socket_connect)", console);
        Assert.Contains("SWAP PASS", console);
        Assert.Contains("CASE agent-write-denied: exit 1, EPERM, expected EPERM: ok", console);
        Assert.Contains("CASE agent-discovered: codex by kernel, expected codex by kernel: ok", console);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
