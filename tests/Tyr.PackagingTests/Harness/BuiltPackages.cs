namespace Tyr.PackagingTests.Harness;

/// <summary>
/// Runs scripts/package.sh once, into a private directory, against the binaries in
/// <see cref="Repository.BinDirectory"/>: the .deb and .rpm of tyrd, tyr-server and tyr.
/// </summary>
public sealed class BuiltPackages : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("packages");

    /// <summary>The upstream version (Directory.Build.props).</summary>
    public string Version { get; } = Repository.Version();

    /// <summary>The packaging revision: Debian revision and rpm release.</summary>
    public static string Revision => "1";

    public string DebArchitecture { get; private set; } = "";

    public string RpmArchitecture => DebArchitecture == "arm64" ? "aarch64" : "x86_64";

    public string Directory => _directory.Path;

    public TimeSpan BuildTime { get; private set; }

    public string Deb(string package) => Path.Combine(Directory, $"{package}_{Version}-{Revision}_{DebArchitecture}.deb");

    public string Rpm(string package) => Path.Combine(Directory, $"{package}-{Version}-{Revision}.{RpmArchitecture}.rpm");

    public async ValueTask InitializeAsync()
    {
        DebArchitecture = (await Command.OutputOfAsync("dpkg", "--print-architecture")).Trim();
        var started = DateTime.UtcNow;
        var result = await Command.RunAsync(
            Repository.File("scripts/package.sh"),
            [],
            new Dictionary<string, string> { ["TYR_BIN_DIR"] = Repository.BinDirectory, ["TYR_PKG_DIR"] = Directory });
        BuildTime = DateTime.UtcNow - started;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("scripts/package.sh failed: " + result);
        }
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}
