namespace Tyr.IntegrationTests.Harness;

/// <summary>Where the published native binaries live: $TYR_BIN_DIR, else out/bin of the checkout.</summary>
internal static class Binaries
{
    private static readonly Lazy<string> s_directory = new(Locate);

    public static string Server => Path.Combine(s_directory.Value, "tyr-server");

    public static string Daemon => Path.Combine(s_directory.Value, "tyrd");

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("TYR_BIN_DIR");
        var directory = fromEnvironment ?? Path.Combine(RepositoryRoot(), "out", "bin");
        if (!File.Exists(Path.Combine(directory, "tyr-server")) || !File.Exists(Path.Combine(directory, "tyrd")))
        {
            throw new InvalidOperationException(
                $"native binaries not found in {directory}: run `./tyr.sh build` first (or set TYR_BIN_DIR)");
        }

        return directory;
    }

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Tyr.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Tyr.slnx) above " + AppContext.BaseDirectory);
    }
}
