using System.Runtime.CompilerServices;

namespace Tyr.PackagingTests.Harness;

/// <summary>The checkout and the native binaries the packages are made of ($TYR_BIN_DIR, else out/bin).</summary>
internal static class Repository
{
    private static readonly Lazy<string> s_root = new(() => FindRoot());

    public static string Root => s_root.Value;

    public static string BinDirectory =>
        Environment.GetEnvironmentVariable("TYR_BIN_DIR") is { Length: > 0 } fromEnvironment
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(Root, "out", "bin");

    public static string Binary(string name)
    {
        var path = Path.Combine(BinDirectory, name);
        return System.IO.File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} not found: run `./tyr.sh build` first (or set TYR_BIN_DIR)");
    }

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>The &lt;Version&gt; of Directory.Build.props, the one place the version is set.</summary>
    public static string Version()
    {
        var text = System.IO.File.ReadAllText(File("Directory.Build.props"));
        var start = text.IndexOf("<Version>", StringComparison.Ordinal) + "<Version>".Length;
        return text[start..text.IndexOf("</Version>", start, StringComparison.Ordinal)];
    }

    /// <summary>
    /// Above the test assembly, else above this source file's compile-time path (the tests may be
    /// built with an ArtifactsPath outside the tree).
    /// </summary>
    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisFile) })
        {
            for (var directory = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(directory.FullName, "Tyr.slnx")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Tyr.slnx) above " + AppContext.BaseDirectory + " or " + thisFile);
    }
}
