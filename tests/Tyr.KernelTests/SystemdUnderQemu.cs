using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Tyr.KernelTests.Infrastructure;

namespace Tyr.KernelTests;

/// <summary>
/// The packages under real systemd: Debian's cloud kernel (BPF-LSM) boots a debootstrapped Debian 12
/// under qemu (Systemd/run-qemu-systemd.sh; the root file system is built once and cached in
/// /var/cache/tyr-test), installs the .debs that scripts/package.sh makes of out/bin (the binaries
/// this run built, packaged afresh into a directory of the test's own) and runs Systemd/guest-test.sh, which prints one
/// `CHECK name: PASS|FAIL why` line per behaviour. Opt-in like <see cref="BpfLsmUnderQemu"/>.
/// </summary>
public sealed partial class SystemdUnderQemu
{
    /// <summary>Every check the guest makes, in the order it makes them.</summary>
    private static readonly string[] s_checks =
    [
        "install",
        "server-runs-as-tyr",
        "server-notify-ready",
        "enroll",
        "policy-assigned",
        "start-waits-for-ready",
        "governed-write-denied",
        "restart-keeps-enforcement",
        "sigkill-fails-closed",
        "sigkill-restarted",
        "remove-detaches",
        "remove-lifts-enforcement",
        "purge-cleans",
    ];

    [Fact]
    public async Task Under_systemd_the_packaged_tyrd_is_ready_only_when_enforcing_never_opens_a_gap_and_uninstalls_cleanly()
    {
        Assert.SkipUnless(
            Environment.GetEnvironmentVariable("TYR_QEMU_LSM") == "1",
            "boots Debian with systemd under qemu (a few minutes): set TYR_QEMU_LSM=1 to run it");
        Requires.Root();
        Requires.Tool("qemu-system-x86_64");
        Requires.Tool("debootstrap");
        Requires.Tool("mkfs.ext4");

        var packages = Directory.CreateTempSubdirectory("tyr-systemd-pkg-");
        try
        {
            await RunAsync(packages.FullName);
        }
        finally
        {
            packages.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string packageDirectory)
    {
        var repository = Path.GetFullPath(Path.Combine(SourceDirectory(), "..", ".."));
        var package = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        package.ArgumentList.Add(Path.Combine(repository, "scripts", "package.sh"));
        package.Environment["TYR_PKG_DIR"] = packageDirectory;
        using (var packaging = Process.Start(package)!)
        {
            var packagingErrors = packaging.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await packaging.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            await packaging.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(packaging.ExitCode == 0, "scripts/package.sh failed (run ./tyr.sh build first):\n" + await packagingErrors);
        }

        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(SourceDirectory(), "Systemd", "run-qemu-systemd.sh"));
        start.Environment["TYR_PKG_DIR"] = packageDirectory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        var console = await output;
        var results = CheckLine().Matches(console).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["result"].Value + " " + m.Groups["why"].Value);
        var failed = s_checks
            .Where(name => !results.TryGetValue(name, out var result) || !result.StartsWith("PASS", StringComparison.Ordinal))
            .Select(name => $"{name}: {(results.TryGetValue(name, out var result) ? result : "not reported")}")
            .ToList();
        Assert.True(failed.Count == 0, $"exit {process.ExitCode}; failed checks:\n{string.Join('\n', failed)}\n\n{console}\n{await errors}");
        Assert.Contains("GUEST DONE", console);
        Assert.Equal(0, process.ExitCode);
    }

    [GeneratedRegex(@"^CHECK (?<name>[a-z-]+): (?<result>PASS|FAIL) (?<why>.*)$", RegexOptions.Multiline)]
    private static partial Regex CheckLine();

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
