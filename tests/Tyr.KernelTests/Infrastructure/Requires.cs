namespace Tyr.KernelTests.Infrastructure;

/// <summary>Skips, with the reason, a test this machine cannot run. Never passes silently.</summary>
internal static class Requires
{
    public static void Root() =>
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root: BPF programs, cgroups (run the kernel tests with sudo)");

    public static void File(string path, string why) =>
        Assert.SkipUnless(System.IO.File.Exists(path), $"needs {path} ({why})");

    public static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (System.IO.File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Skip($"needs {name} on PATH");
        return "";
    }
}
