using System.Globalization;
using System.Text;

namespace Tyr.Daemon.Agents;

/// <summary>A process as /proc shows it: what the startup scan and the child walk need.</summary>
internal readonly record struct RunningProcess(uint Pid, uint ParentPid, long StartTicks)
{
    /// <summary>Every process but PID 1, kernel threads and tyrd, each after its parent.</summary>
    public static List<RunningProcess> ReadAll(string procRoot = "/proc")
    {
        var self = (uint)Environment.ProcessId;
        var byParent = new Dictionary<uint, List<RunningProcess>>();
        var all = new Dictionary<uint, RunningProcess>();
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (!uint.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid <= 1 || pid == self)
            {
                continue;
            }

            if (Read(pid, procRoot) is not { } process || process.ParentPid == 2)
            {
                continue; // gone, or a kernel thread (kthreadd's child)
            }

            all[pid] = process;
            if (!byParent.TryGetValue(process.ParentPid, out var siblings))
            {
                byParent[process.ParentPid] = siblings = [];
            }

            siblings.Add(process);
        }

        // Parents first: start from the processes whose parent is not listed (PID 1's children, orphans).
        var ordered = new List<RunningProcess>(all.Count);
        var pending = new Queue<RunningProcess>(all.Values.Where(p => !all.ContainsKey(p.ParentPid)));
        while (pending.Count > 0)
        {
            var process = pending.Dequeue();
            ordered.Add(process);
            if (byParent.TryGetValue(process.Pid, out var children))
            {
                foreach (var child in children)
                {
                    pending.Enqueue(child);
                }
            }
        }

        return ordered;
    }

    /// <summary>pid, parent and start time from /proc/PID/stat; null when the process is gone.</summary>
    public static RunningProcess? Read(uint pid, string procRoot = "/proc")
    {
        try
        {
            // "pid (comm) state ppid ... starttime(22nd) ...": comm may hold spaces and ')'; the last ')' ends it.
            var stat = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): ppid is field 4, starttime field 22.
            return fields.Length > 19
                && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid)
                && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new RunningProcess(pid, ppid, start)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The children of <paramref name="pid"/>: from /proc/PID/task/*/children where the kernel has it
    /// (CONFIG_PROC_CHILDREN), else by reading every process's parent.
    /// </summary>
    public static List<uint> ChildrenOf(uint pid, string procRoot = "/proc")
    {
        var children = new List<uint>();
        var tasks = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "task");
        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                var file = Path.Combine(task, "children");
                if (!File.Exists(file))
                {
                    return ChildrenByScan(pid, procRoot);
                }

                foreach (var word in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (uint.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone: no children to tag.
        }

        return children;
    }

    private static List<uint> ChildrenByScan(uint pid, string procRoot)
    {
        var children = new List<uint>();
        foreach (var dir in Directory.EnumerateDirectories(procRoot))
        {
            if (uint.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
                && Read(candidate, procRoot) is { } process && process.ParentPid == pid)
            {
                children.Add(candidate);
            }
        }

        return children;
    }

    /// <summary>The whole argv from /proc (the kernel's record keeps 512 bytes); null when the process is gone.</summary>
    public static List<string>? ReadArgv(uint pid, string procRoot = "/proc")
    {
        try
        {
            var bytes = File.ReadAllBytes(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), "cmdline"));
            return [.. Encoding.UTF8.GetString(bytes).TrimEnd('\0').Split('\0')];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
