using System.Text.RegularExpressions;
using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>
/// The three .debs on this very host, as root: install, run the installed binaries (the server as
/// its `tyr` user, a daemon enrolled against it, the command line talking to it), remove (state
/// kept), purge (state gone, user kept). The host is left as it was found.
/// </summary>
public sealed partial class InstallTests(BuiltPackages packages)
{
    private static readonly string[] s_packages = ["tyrd", "tyr-server", "tyr"];

    [Fact]
    public async Task InstalledPackagesRunEnrollAndServeThenRemoveKeepsStateAndPurgeClearsIt()
    {
        Assert.SkipUnless(Environment.UserName == "root", "installs packages with dpkg: run the tests as root");
        await AssertTheHostIsUntouchedAsync();
        var userExisted = (await Command.RunAsync("getent", "passwd", "tyr")).ExitCode == 0;
        using var work = new TempDirectory("installed");
        try
        {
            await Command.OutputOfAsync("dpkg", "--install", packages.Deb("tyrd"), packages.Deb("tyr-server"), packages.Deb("tyr"));
            await TheInstallMadeTheUserDirectoriesAndUnitStateAsync();
            await TheInstalledBinariesRunEnrollAndTalkAsync(work);
            await TheServerReadsThePackagedConfigFileByDefaultAsync();
            await AnUpgradeKeepsTheUserTheStateAndTheEnablementAsync();

            var remove = await Command.RunAsync("dpkg", "--remove", "tyr", "tyrd", "tyr-server");
            Assert.True(remove.ExitCode == 0, remove.ToString());
            // prerm ran `tyrd uninstall-hooks`, and it worked (nothing was pinned here).
            Assert.DoesNotContain("uninstall-hooks' failed", remove.Stderr, StringComparison.Ordinal);
            await RemovingKeptTheStateAndTheSettingsAsync();

            await Command.OutputOfAsync("dpkg", "--purge", "tyr", "tyrd", "tyr-server");
            await PurgingClearedEverythingButTheUserAsync();
        }
        finally
        {
            await Command.RunAsync("dpkg", "--purge", "tyr", "tyrd", "tyr-server");
            if (!userExisted)
            {
                await Command.RunAsync("userdel", "tyr");
                await Command.RunAsync("groupdel", "tyr");
            }
        }

        Assert.Equal(userExisted, (await Command.RunAsync("getent", "passwd", "tyr")).ExitCode == 0);
        await AssertTheHostIsUntouchedAsync();
    }

    private static async Task TheInstallMadeTheUserDirectoriesAndUnitStateAsync()
    {
        foreach (var package in s_packages)
        {
            var status = await Command.OutputOfAsync("dpkg-query", "--showformat", "${Status}", "--show", package);
            Assert.Equal("install ok installed", status);
        }

        // A system user without a login shell whose home is the data directory.
        var passwd = (await Command.OutputOfAsync("getent", "passwd", "tyr")).Trim().Split(':');
        Assert.InRange(int.Parse(passwd[2], System.Globalization.CultureInfo.InvariantCulture), 1, 999);
        Assert.Equal("/var/lib/tyr-server", passwd[5]);
        Assert.Equal("/usr/sbin/nologin", passwd[6]);
        Assert.Equal("tyr", (await Command.OutputOfAsync("id", "-gn", "tyr")).Trim());

        Assert.Equal("700 tyr:tyr", await StatAsync("/var/lib/tyr-server"));
        Assert.Equal("700 root:root", await StatAsync("/var/lib/tyr"));
        Assert.Equal("644 root:root", await StatAsync("/etc/tyr/tyrd.yaml"));
        Assert.Equal("644 root:root", await StatAsync("/etc/tyr/tyr-server.yaml"));

        // The server is enabled as Debian enables services (by symlink, even without a running
        // systemd); the unenrolled daemon is not.
        Assert.True(File.Exists("/etc/systemd/system/multi-user.target.wants/tyr-server.service"), "tyr-server.service enabled");
        Assert.False(File.Exists("/etc/systemd/system/multi-user.target.wants/tyrd.service"), "tyrd.service must not be enabled before enrollment");
    }

    private async Task TheInstalledBinariesRunEnrollAndTalkAsync(TempDirectory work)
    {
        foreach (var package in s_packages)
        {
            var version = await Command.OutputOfAsync($"/usr/bin/{package}", "--version");
            Assert.StartsWith(packages.Version, version, StringComparison.Ordinal);
        }

        // The server as its own user, in its packaged data directory, on loopback.
        // setpriv execs the server itself (runuser would stay in between and eat the SIGTERM).
        await using var server = Command.Start(
            "setpriv", ["--reuid=tyr", "--regid=tyr", "--init-groups", "--", "/usr/bin/tyr-server", "run", "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--san", "localhost"]);
        var ready = ReadyLine().Match(await server.WaitForLineAsync("tyr-server ready ", TimeSpan.FromSeconds(60)));
        Assert.True(ready.Success, server.Output);
        Assert.Equal("600 tyr:tyr", await StatAsync("/var/lib/tyr-server/ca.key"));
        Assert.Equal("600 tyr:tyr", await StatAsync("/var/lib/tyr-server/server.key"));

        var token = (await Command.OutputOfAsync("runuser", "-u", "tyr", "--", "/usr/bin/tyr-server", "token", "create", "--ttl", "10m")).Trim();
        var grpcPort = ready.Groups["grpc"].Value.Split(':')[^1];
        var state = Path.Combine(work.Path, "state");
        var ca = work.File("ca.pem");
        var enroll = await Command.RunAsync(
            "/usr/bin/tyrd",
            ["enroll", "--server", $"localhost:{grpcPort}", "--token", token, "--ca-fingerprint", ready.Groups["fp"].Value,
             "--state-dir", state, "--ca-file", ca, "--name", "packaged-tyrd"]);
        Assert.True(enroll.ExitCode == 0, enroll.ToString());
        Assert.True(File.Exists(Path.Combine(state, "enrollment.json")), "enroll stores its enrollment in the state dir");

        var adminToken = (await Command.OutputOfAsync("runuser", "-u", "tyr", "--", "/usr/bin/tyr-server", "admin-token", "create", "--label", "packaging-test")).Trim();
        var httpPort = ready.Groups["http"].Value.Split(':')[^1];
        var agents = await Command.RunAsync(
            "/usr/bin/tyr", ["agents", "list", "--server", $"https://localhost:{httpPort}", "--token", adminToken, "--ca", ca]);
        Assert.True(agents.ExitCode == 0, agents.ToString());
        Assert.Contains("packaged-tyrd", agents.Stdout, StringComparison.Ordinal);

        Assert.Equal(0, await server.StopAsync());
    }

    private static async Task TheServerReadsThePackagedConfigFileByDefaultAsync()
    {
        const string path = "/etc/tyr/tyr-server.yaml";
        var packaged = await File.ReadAllTextAsync(path);
        try
        {
            await File.AppendAllTextAsync(path, "grpc_listen: nowhere\n");
            var result = await Command.RunAsync("runuser", "-u", "tyr", "--", "/usr/bin/tyr-server", "run");

            Assert.Equal(2, result.ExitCode);
            var line = packaged.Split('\n').Length;
            Assert.StartsWith($"tyr-server: error: {path}:{line}:14: grpc_listen: ", result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            await File.WriteAllTextAsync(path, packaged);
        }
    }

    /// <summary>Installing over the installed packages runs the upgrade paths (prerm upgrade, postinst configure OLD).</summary>
    private async Task AnUpgradeKeepsTheUserTheStateAndTheEnablementAsync()
    {
        var uid = (await Command.OutputOfAsync("id", "-u", "tyr")).Trim();
        var caKey = await File.ReadAllBytesAsync("/var/lib/tyr-server/ca.key");
        await File.WriteAllTextAsync("/etc/tyr/tyrd.yaml", "# changed by the administrator\nheartbeat_interval_s: 10\n");

        var upgrade = await Command.RunAsync(
            "dpkg", ["--force-confold", "--install", packages.Deb("tyrd"), packages.Deb("tyr-server"), packages.Deb("tyr")]);

        Assert.True(upgrade.ExitCode == 0, upgrade.ToString());
        Assert.Equal(uid, (await Command.OutputOfAsync("id", "-u", "tyr")).Trim());
        Assert.Equal(caKey, await File.ReadAllBytesAsync("/var/lib/tyr-server/ca.key"));
        Assert.Equal("700 tyr:tyr", await StatAsync("/var/lib/tyr-server"));
        Assert.Contains("heartbeat_interval_s: 10", await File.ReadAllTextAsync("/etc/tyr/tyrd.yaml"), StringComparison.Ordinal);
        Assert.True(File.Exists("/etc/systemd/system/multi-user.target.wants/tyr-server.service"), "tyr-server.service still enabled");
        Assert.False(File.Exists("/etc/systemd/system/multi-user.target.wants/tyrd.service"), "an upgrade does not enable tyrd");
    }

    private static async Task RemovingKeptTheStateAndTheSettingsAsync()
    {
        foreach (var package in s_packages)
        {
            Assert.False(File.Exists($"/usr/bin/{package}"), $"/usr/bin/{package} removed");
        }

        var status = await Command.OutputOfAsync("dpkg-query", "--showformat", "${Status}", "--show", "tyr-server");
        Assert.Equal("deinstall ok config-files", status);
        Assert.True(File.Exists("/var/lib/tyr-server/ca.key"), "remove keeps the server's CA and database");
        Assert.True(Directory.Exists("/var/lib/tyr"), "remove keeps tyrd's state directory");
        Assert.True(File.Exists("/etc/tyr/tyrd.yaml") && File.Exists("/etc/tyr/tyr-server.yaml"), "remove keeps the conffiles");
    }

    private static async Task PurgingClearedEverythingButTheUserAsync()
    {
        foreach (var package in s_packages)
        {
            Assert.NotEqual(0, (await Command.RunAsync("dpkg-query", "--show", package)).ExitCode);
        }

        Assert.False(Directory.Exists("/var/lib/tyr-server"), "purge deletes the server's data");
        Assert.False(Directory.Exists("/var/lib/tyr"), "purge deletes tyrd's state");
        Assert.False(Directory.Exists("/etc/tyr"), "purge deletes the settings and, empty, /etc/tyr");
        Assert.False(File.Exists("/etc/systemd/system/multi-user.target.wants/tyr-server.service"), "purge removes the enablement symlink");
        Assert.False(File.Exists("/var/lib/systemd/deb-systemd-helper-enabled/tyr-server.service.dsh-also"), "purge forgets deb-systemd-helper's state");
        // Debian policy: a system user stays, files elsewhere may still carry its uid.
        Assert.Equal(0, (await Command.RunAsync("getent", "passwd", "tyr")).ExitCode);
    }

    /// <summary>
    /// Refuses to run where the packages or their state already exist (this test would remove
    /// them) or where a tyrd keeps hooks pinned (removing the package detaches them).
    /// </summary>
    private static async Task AssertTheHostIsUntouchedAsync()
    {
        foreach (var package in s_packages)
        {
            var status = await Command.RunAsync("dpkg-query", "--showformat", "${Status}", "--show", package);
            Assert.True(status.ExitCode != 0 || status.Stdout.Contains("not-installed", StringComparison.Ordinal), $"{package} is installed on this host; the test would purge it");
        }

        foreach (var path in (string[])["/var/lib/tyr", "/var/lib/tyr-server", "/etc/tyr", "/sys/fs/bpf/tyr"])
        {
            Assert.False(Directory.Exists(path), $"{path} exists on this host; the test would delete it");
        }
    }

    private static async Task<string> StatAsync(string path) => (await Command.OutputOfAsync("stat", "-c", "%a %U:%G", path)).Trim();

    [GeneratedRegex(@"^tyr-server ready grpc=(?<grpc>\S+) http=(?<http>\S+) ca_fingerprint=(?<fp>[0-9a-f]{64})$")]
    private static partial Regex ReadyLine();
}
