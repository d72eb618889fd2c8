using System.Runtime.CompilerServices;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Where the repository is: from this source file's compile-time path (the tests are built in
/// the tree they test, whatever the artifacts path), else by walking up to Tyr.slnx.
/// </summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string OracleDirectory => Path.Combine(Root, "tests", "cedar-oracle");

    public static string OracleScript => Path.Combine(OracleDirectory, "oracle.mjs");

    public static string RegressionsDirectory => Path.Combine(Root, "tests", "Tyr.CedarTests", "Differential", "Regressions");

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(thisFile), AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start; !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            {
                if (File.Exists(Path.Combine(dir, "Tyr.slnx")))
                {
                    return dir;
                }
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Tyr.slnx) from " + thisFile);
    }
}
