using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>What `rpm -qip`, `rpm -qlp` and `rpm -qp --scripts` show of the three .rpms.</summary>
public sealed class RpmPackageTests(BuiltPackages packages)
{
    public static TheoryData<string> Packages => ["tyrd", "tyr-server", "tyr"];

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task EachRpmCarriesTheVersionArchitectureAndMetadata(string package)
    {
        var query = await Command.OutputOfAsync(
            "rpm", "-qp", "--queryformat", "%{NAME}|%{VERSION}|%{RELEASE}|%{ARCH}|%{LICENSE}|%{PACKAGER}|%{SUMMARY}", packages.Rpm(package));
        var fields = query.Split('|');

        Assert.Equal(package, fields[0]);
        Assert.Equal(packages.Version, fields[1]);
        Assert.Equal(BuiltPackages.Revision, fields[2]);
        Assert.Equal(packages.RpmArchitecture, fields[3]);
        Assert.NotEmpty(fields[4]);
        Assert.Matches(@"^.+ <[^@\s]+@[^>\s]+>$", fields[5]);
        Assert.NotEmpty(fields[6]);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task EachRpmRequiresGlibcAndLibsslOnly(string package)
    {
        var requires = (await Command.OutputOfAsync("rpm", "-qp", "--requires", packages.Rpm(package)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        // Everything but rpm's own features, the shell of the scriptlets and the tools of tyr-server's %pre.
        var libraries = requires
            .Where(r => !r.StartsWith("rpmlib(", StringComparison.Ordinal) && !r.StartsWith("config(", StringComparison.Ordinal))
            .Where(r => r is not ("/bin/sh" or "/usr/sbin/useradd" or "/usr/sbin/groupadd" or "rtld(GNU_HASH)"))
            .ToArray();
        Assert.All(libraries, r => Assert.Matches(@"^(libc\.so\.6|libm\.so\.6|ld-linux-[a-z0-9-]+\.so\.\d|libssl\.so\.3)\(", r));
        Assert.Contains("libssl.so.3()(64bit)", libraries);
        Assert.Contains(libraries, r => r.StartsWith("libc.so.6(GLIBC_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheRpmsInstallTheSameFilesAsTheDebsUnderFedorasPaths()
    {
        Assert.Equal(
            ["/etc/tyr", "/etc/tyr/tyrd.yaml", "/usr/bin/tyrd", "/usr/lib/systemd/system/tyrd.service", "/usr/share/licenses/tyrd", "/usr/share/licenses/tyrd/COPYING", "/usr/share/man/man8/tyrd.8.gz", "/var/lib/tyr"],
            await FilesAsync("tyrd"));
        Assert.Equal(
            ["/etc/tyr", "/etc/tyr/tyr-server.yaml", "/usr/bin/tyr-server", "/usr/lib/systemd/system/tyr-server.service", "/usr/share/licenses/tyr-server", "/usr/share/licenses/tyr-server/COPYING", "/usr/share/man/man8/tyr-server.8.gz", "/var/lib/tyr-server"],
            await FilesAsync("tyr-server"));
        Assert.Equal(
            ["/usr/bin/tyr", "/usr/share/licenses/tyr", "/usr/share/licenses/tyr/COPYING", "/usr/share/man/man1/tyr.1.gz"],
            await FilesAsync("tyr"));
    }

    [Fact]
    public async Task TheStateDirectoriesArePrivateAndTheSettingsAreConfigFiles()
    {
        var tyrd = await ModesAsync("tyrd");
        var server = await ModesAsync("tyr-server");

        Assert.Equal("drwx------ root root", tyrd["/var/lib/tyr"]);
        Assert.Equal("drwx------ tyr tyr", server["/var/lib/tyr-server"]);
        Assert.Equal("-rwxr-xr-x root root", server["/usr/bin/tyr-server"]);
        Assert.Equal(["/etc/tyr/tyrd.yaml"], await ListAsync("-qcp", packages.Rpm("tyrd")));
        Assert.Equal(["/etc/tyr/tyr-server.yaml"], await ListAsync("-qcp", packages.Rpm("tyr-server")));
    }

    [Fact]
    public async Task TheRpmScriptletsBehaveLikeTheDebMaintainerScripts()
    {
        var tyrd = await Command.OutputOfAsync("rpm", "-qp", "--scripts", packages.Rpm("tyrd"));
        var server = await Command.OutputOfAsync("rpm", "-qp", "--scripts", packages.Rpm("tyr-server"));

        // tyrd: never enabled or started; erase stops it and detaches the hooks; upgrade try-restarts.
        Assert.DoesNotContain("enable", tyrd.Replace("disable", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("tyrd uninstall-hooks", Scriptlet(tyrd, "preuninstall"), StringComparison.Ordinal);
        Assert.Contains("try-restart tyrd.service", Scriptlet(tyrd, "postuninstall"), StringComparison.Ordinal);
        // tyr-server: the system user before the files land, started on a first install under systemd.
        Assert.Contains("useradd -r -g tyr -d /var/lib/tyr-server -M -s /sbin/nologin", Scriptlet(server, "preinstall"), StringComparison.Ordinal);
        Assert.Contains("systemctl enable tyr-server.service", Scriptlet(server, "postinstall"), StringComparison.Ordinal);
        Assert.Contains("systemctl start tyr-server.service", Scriptlet(server, "postinstall"), StringComparison.Ordinal);
        Assert.Contains("[ -d /run/systemd/system ]", Scriptlet(server, "postinstall"), StringComparison.Ordinal);
        Assert.Contains("try-restart tyr-server.service", Scriptlet(server, "postuninstall"), StringComparison.Ordinal);
    }

    private static string Scriptlet(string scripts, string name)
    {
        var start = scripts.IndexOf(name + " scriptlet", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {name} scriptlet in:\n{scripts}");
        var end = scripts.IndexOf(" scriptlet (using", start + name.Length + 20, StringComparison.Ordinal);
        return end < 0 ? scripts[start..] : scripts[start..end];
    }

    private async Task<string[]> FilesAsync(string package) => await ListAsync("-qlp", packages.Rpm(package));

    private static async Task<string[]> ListAsync(params string[] arguments) =>
        [.. (await Command.OutputOfAsync("rpm", arguments)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    /// <summary>path → "mode owner group", as `rpm -qlvp` lists them.</summary>
    private async Task<Dictionary<string, string>> ModesAsync(string package)
    {
        var text = await Command.OutputOfAsync("rpm", "-qlvp", packages.Rpm(package));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[^1], f => $"{f[0]} {f[2]} {f[3]}");
    }
}
