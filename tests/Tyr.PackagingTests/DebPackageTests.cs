using System.Text.RegularExpressions;
using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>What `dpkg-deb -c` and `dpkg-deb -I` show of the three .debs.</summary>
public sealed partial class DebPackageTests(BuiltPackages packages)
{
    public static TheoryData<string> Packages => ["tyrd", "tyr-server", "tyr"];

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task EachDebDeclaresTheVersionFromDirectoryBuildPropsTheArchitectureAndItsMetadata(string package)
    {
        var fields = await ControlFieldsAsync(package);

        Assert.Equal(package, fields["Package"]);
        Assert.Equal($"{packages.Version}-{BuiltPackages.Revision}", fields["Version"]);
        Assert.Equal(packages.DebArchitecture, fields["Architecture"]);
        Assert.Equal("admin", fields["Section"]);
        Assert.Equal("optional", fields["Priority"]);
        Assert.Matches(@"^.+ <[^@\s]+@[^>\s]+>$", fields["Maintainer"]);
        Assert.True(int.Parse(fields["Installed-Size"], System.Globalization.CultureInfo.InvariantCulture) > 1000, "Installed-Size is in KiB of a multi-megabyte binary");
        var description = fields["Description"];
        Assert.True(description.Split('\n').Length > 2, "a synopsis and a long description: " + description);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task EachDebDependsOnGlibcAndLibsslOnly(string package)
    {
        var fields = await ControlFieldsAsync(package);

        var depends = fields["Depends"].Split(',', StringSplitOptions.TrimEntries);
        Assert.Matches(@"^libc6 \(>= 2\.\d+\)$", depends[0]);
        Assert.Equal("libssl3 | libssl3t64", depends[1]);
        // adduser makes the `tyr` system user in tyr-server's postinst.
        Assert.Equal(package == "tyr-server" ? ["adduser"] : [], depends[2..]);

        // The binary needs no more than libc (and libm, part of libc6) from the loader's view.
        var needed = await Command.OutputOfAsync("readelf", "-d", Repository.Binary(package));
        var libraries = NeededLibrary().Matches(needed).Select(m => m.Groups[1].Value).Order().ToArray();
        Assert.All(libraries, l => Assert.Contains(l, (string[])["libc.so.6", "libm.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"]));
    }

    [Theory]
    [InlineData("tyrd", "./usr/share/man/man8/tyrd.8.gz")]
    [InlineData("tyr-server", "./usr/share/man/man8/tyr-server.8.gz")]
    [InlineData("tyr", "./usr/share/man/man1/tyr.1.gz")]
    public async Task EachDebInstallsItsBinaryManPageCopyrightAndChangelogOwnedByRoot(string package, string manPage)
    {
        var entries = await ContentsAsync(package);

        Assert.Equal(("-rwxr-xr-x", "root/root"), entries[$"./usr/bin/{package}"]);
        Assert.Equal(("-rw-r--r--", "root/root"), entries[manPage]);
        Assert.Equal(("-rw-r--r--", "root/root"), entries[$"./usr/share/doc/{package}/copyright"]);
        Assert.Equal(("-rw-r--r--", "root/root"), entries[$"./usr/share/doc/{package}/changelog.Debian.gz"]);
        Assert.All(entries, e => Assert.Equal("root/root", e.Value.Owner));
        Assert.All(entries.Where(e => e.Value.Mode.StartsWith('d')), e => Assert.Equal("drwxr-xr-x", e.Value.Mode));
    }

    [Theory]
    [InlineData("tyrd", "/etc/tyr/tyrd.yaml")]
    [InlineData("tyr-server", "/etc/tyr/tyr-server.yaml")]
    public async Task TheDaemonAndServerPackagesShipTheirSettingsAsConffilesAndTheirUnits(string package, string conffile)
    {
        var entries = await ContentsAsync(package);
        var conffiles = await Command.OutputOfAsync("dpkg-deb", "--info", packages.Deb(package), "conffiles");

        Assert.Equal([conffile], conffiles.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(("-rw-r--r--", "root/root"), entries["." + conffile]);
        Assert.Equal(("-rw-r--r--", "root/root"), entries[$"./lib/systemd/system/{package}.service"]);
    }

    [Fact]
    public async Task TheCommandLinePackageHasNoConffilesUnitsOrMaintainerScripts()
    {
        var entries = await ContentsAsync("tyr");
        var control = await Command.OutputOfAsync("dpkg-deb", "--info", packages.Deb("tyr"));

        Assert.DoesNotContain(entries.Keys, k => k.StartsWith("./etc/", StringComparison.Ordinal) || k.Contains("systemd", StringComparison.Ordinal));
        Assert.DoesNotContain("postinst", control, StringComparison.Ordinal);
        Assert.DoesNotContain("conffiles", control, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStateDirectoriesAreMadeByTheMaintainerScriptsNotShipped()
    {
        // /var/lib/tyr-server must belong to a user that only exists once postinst ran.
        Assert.DoesNotContain((await ContentsAsync("tyrd")).Keys, k => k.StartsWith("./var/", StringComparison.Ordinal));
        Assert.DoesNotContain((await ContentsAsync("tyr-server")).Keys, k => k.StartsWith("./var/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheShippedBinariesAreTheOnesInTheBinDirectory()
    {
        using var unpacked = new TempDirectory("deb-unpack");
        foreach (var package in (string[])["tyrd", "tyr-server", "tyr"])
        {
            await Command.OutputOfAsync("dpkg-deb", "-x", packages.Deb(package), unpacked.Path);
            Assert.Equal(
                await File.ReadAllBytesAsync(Repository.Binary(package)),
                await File.ReadAllBytesAsync(unpacked.File($"usr/bin/{package}")));
        }
    }

    private async Task<Dictionary<string, string>> ControlFieldsAsync(string package)
    {
        var text = await Command.OutputOfAsync("dpkg-deb", "--field", packages.Deb(package));
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith(' ') && last is not null)
            {
                fields[last] += "\n" + line;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            last = line[..colon];
            fields[last] = line[(colon + 1)..].Trim();
        }

        return fields;
    }

    /// <summary>path → (mode, owner/group), as `dpkg-deb -c` lists them.</summary>
    private async Task<Dictionary<string, (string Mode, string Owner)>> ContentsAsync(string package)
    {
        var text = await Command.OutputOfAsync("dpkg-deb", "--contents", packages.Deb(package));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[5].TrimEnd('/') is { Length: > 0 } path ? path : "./", f => (f[0], f[1]));
    }

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[([^\]]+)\]")]
    private static partial Regex NeededLibrary();
}
