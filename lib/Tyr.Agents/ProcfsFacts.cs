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
    /// The facts of process <paramref name="pid"/> right after an exec whose image and argv the kernel reported: the
    /// comm is taken as argv[0]'s base name (the kernel names the task after the file it was asked to run, which
    /// callers pass as argv[0]: a symlinked command keeps its own name), and only the working directory is read
    /// from /proc, for a relative script argument. No environment: at an exec a marker names nothing that ancestry does
    /// not (see <see cref="SignatureCatalog.Match"/>), and reading environ for every exec on a host costs.
    /// </summary>
    public static ProcessFacts AtExec(int pid, string exePath, IReadOnlyList<string> argv, string? parentAgentType = null, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(exePath);
        ArgumentNullException.ThrowIfNull(argv);
        var name = Path.GetFileName(argv.Count > 0 && argv[0].Length > 0 ? argv[0] : exePath);
        string? cwd = null;
        if (HasRelativeArgument(argv))
        {
            try
            {
                cwd = File.ResolveLinkTarget(Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cwd"), returnFinalTarget: false)?.FullName;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone: a relative script stays unresolved.
            }
        }

        return new ProcessFacts(exePath, argv, null, parentAgentType, name.Length > 15 ? name[..15] : name, cwd);
    }

    private static bool HasRelativeArgument(IReadOnlyList<string> argv)
    {
        for (var i = 1; i < argv.Count; i++)
        {
            if (argv[i].Length > 0 && argv[i][0] is not ('-' or '/'))
            {
                return true;
            }
        }

        return false;
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
