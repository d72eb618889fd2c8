using System.Runtime.CompilerServices;

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

    /// <summary>
    /// The checkout: above the test assembly, else above the calling source file's compile-time path
    /// (the tests may be built with an ArtifactsPath outside the tree).
    /// </summary>
    public static string RepositoryRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Tyr.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Tyr.slnx) above " + AppContext.BaseDirectory + " or " + thisFile);
    }
}
