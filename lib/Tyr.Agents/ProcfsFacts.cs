using System.Text;

namespace Tyr.Agents;

/// <summary>Reads <see cref="ProcessFacts"/> of a live process from /proc (what tyrd does when the kernel cannot tag at exec).</summary>
public static class ProcfsFacts
{
    /// <summary>The facts of process <paramref name="pid"/>, or null when it is gone or unreadable (exe needs the same user or root).</summary>
    public static ProcessFacts? Read(int pid, string? parentAgentType = null, string procRoot = "/proc")
    {
        var dir = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var exe = File.ResolveLinkTarget(Path.Combine(dir, "exe"), returnFinalTarget: false)?.FullName;
            if (exe is null)
            {
                return null;
            }

            var argv = NulSeparated(File.ReadAllBytes(Path.Combine(dir, "cmdline")));
            var environment = ParseEnvironment(File.ReadAllBytes(Path.Combine(dir, "environ")));

            var comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
            var cwd = File.ResolveLinkTarget(Path.Combine(dir, "cwd"), returnFinalTarget: false)?.FullName;
            return new ProcessFacts(exe, argv, environment, parentAgentType, comm, cwd);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The facts of process <paramref name="pid"/> whose image and argv are already known (from the kernel's exec
    /// record): only the environment, comm and working directory are read from /proc, best effort (a process that
    /// is gone, or a different user's without root, leaves them empty).
    /// </summary>
    public static ProcessFacts Complete(int pid, string exePath, IReadOnlyList<string> argv, string? parentAgentType = null, string procRoot = "/proc")
    {
        var dir = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Dictionary<string, string>? environment = null;
        string? comm = null;
        string? cwd = null;
        try
        {
            environment = ParseEnvironment(File.ReadAllBytes(Path.Combine(dir, "environ")));
            comm = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
            cwd = File.ResolveLinkTarget(Path.Combine(dir, "cwd"), returnFinalTarget: false)?.FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Whatever was read before the process went away is still evidence.
        }

        return new ProcessFacts(exePath, argv, environment, parentAgentType, comm, cwd);
    }

    /// <summary>argv as the kernel keeps it (NUL-separated).</summary>
    public static List<string> SplitArgv(ReadOnlySpan<byte> nulSeparated) => NulSeparated(nulSeparated.ToArray());

    private static Dictionary<string, string> ParseEnvironment(byte[] bytes)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in NulSeparated(bytes))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                environment.TryAdd(entry[..equals], entry[(equals + 1)..]);
            }
        }

        return environment;
    }

    private static List<string> NulSeparated(byte[] bytes)
    {
        var result = new List<string>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == 0)
            {
                result.Add(Encoding.UTF8.GetString(bytes, start, i - start));
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            result.Add(Encoding.UTF8.GetString(bytes, start, bytes.Length - start));
        }

        return result;
    }
}
