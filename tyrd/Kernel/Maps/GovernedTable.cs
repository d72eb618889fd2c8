using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tyr.Daemon.Agents;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.Daemon.Kernel.Maps;

/// <summary>
/// Who is governed: the governed executables (tyr_gov_exes, looked up by the kernel at each exec),
/// the governed cgroups (tyr_gov_cgroups, looked up at each hook) and, at start, the processes
/// already running and those agent discovery finds (tyr_procs).
/// </summary>
internal sealed unsafe class GovernedTable(BpfMap executables, BpfMap cgroups, BpfMap processes, ControlBlock control) : IProcessTagger
{
    private readonly Dictionary<string, ushort> _executables = new(StringComparer.Ordinal);

    // Entries an earlier tyrd left in adopted maps, until this tyrd has written its own: then
    // whatever it did not write again goes (DropStale). Never removed first: that would open a gap.
    private readonly HashSet<string> _staleExecutables = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _staleCgroups = [];

    /// <summary>The executables as the kernel sees them (symlinks resolved).</summary>
    public IReadOnlyDictionary<string, ushort> Executables => _executables;

    public List<(string Path, ulong Id)> Cgroups { get; } = [];

    /// <summary>Notes what the adopted maps govern, so that <see cref="DropStale"/> can remove what this tyrd's config no longer names.</summary>
    public void Adopt()
    {
        foreach (var key in executables.Keys())
        {
            var end = Array.IndexOf(key, (byte)0);
            _staleExecutables.Add(Encoding.UTF8.GetString(key, 0, end < 0 ? key.Length : end));
        }

        foreach (var key in cgroups.Keys())
        {
            _staleCgroups.Add(BitConverter.ToUInt64(key));
        }
    }

    /// <summary>Removes the adopted entries this tyrd did not govern again; returns how many.</summary>
    public int DropStale()
    {
        var dropped = 0;
        lock (_executables)
        {
            foreach (var path in _staleExecutables.Where(p => !_executables.ContainsKey(p)))
            {
                var key = default(tyr_gov_path);
                var bytes = Encoding.UTF8.GetBytes(path);
                bytes.AsSpan(0, Math.Min(bytes.Length, RecordLimits.GovPathMax)).CopyTo(new Span<byte>(key.path, RecordLimits.GovPathMax));
                dropped += executables.Delete(in key) ? 1 : 0;
            }

            foreach (var id in _staleCgroups.Where(id => !Cgroups.Any(c => c.Id == id)))
            {
                dropped += cgroups.Delete(in id) ? 1 : 0;
            }

            _staleExecutables.Clear();
            _staleCgroups.Clear();
        }

        return dropped;
    }

    public void Configure(KernelOptions options, string? cgroupMount, Action<string>? log)
    {
        foreach (var (path, scope) in options.GovernedExecutables)
        {
            var real = RealPath(path);
            if (real is null)
            {
                log?.Invoke($"kernel: governed executable {path} does not exist (yet); governed by that path");
                real = path;
            }

            var bytes = Encoding.UTF8.GetBytes(real);
            if (bytes.Length >= RecordLimits.GovPathMax)
            {
                throw new KernelException($"governed executable {real} is longer than {RecordLimits.GovPathMax - 1} bytes");
            }

            if (_executables.TryGetValue(real, out var other) && other != scope)
            {
                // Two configured paths (a symlink and its target) would give one binary two scopes.
                throw new KernelException($"governed executable {path} is {real}, already governed with rule scope {other}; a binary has one scope");
            }

            var key = default(tyr_gov_path);
            bytes.CopyTo(new Span<byte>(key.path, RecordLimits.GovPathMax));
            executables.Update(in key, new tyr_gov { scope = scope });
            _executables[real] = scope;
        }

        foreach (var (path, scope) in options.GovernedCgroups)
        {
            if (cgroupMount is null)
            {
                throw new KernelException($"governed cgroup {path}: this host has no cgroup v2 hierarchy mounted");
            }

            var full = Path.IsPathRooted(path) ? path : Path.Combine(cgroupMount, path);
            if (!full.StartsWith(cgroupMount.TrimEnd('/') + "/", StringComparison.Ordinal))
            {
                // On a hybrid layout /sys/fs/cgroup is a tmpfs of v1 hierarchies: a directory made
                // there is no cgroup at all, and governing its inode would silently govern nothing.
                throw new KernelException($"governed cgroup {full} is not under this host's cgroup v2 hierarchy ({cgroupMount})");
            }

            var id = CgroupId(full);
            if (id == CgroupId(cgroupMount))
            {
                throw new KernelException($"governed cgroup {full} is the cgroup v2 root: that would govern the whole host");
            }

            cgroups.Update(in id, new tyr_gov { scope = scope });
            Cgroups.Add((full, id));
        }

        control.SetGoverned(_executables.Count, Cgroups.Count);
    }

    public void Tag(uint tgid, ushort scope)
    {
        var value = new tyr_proc { scope = scope, tag_exec_id = tyr_proc.NotTaggedAtExec };
        processes.Update(in tgid, in value);
        if (!Directory.Exists($"/proc/{tgid.ToString(CultureInfo.InvariantCulture)}"))
        {
            // It exited before the tag: its exit record has gone by, nothing else would remove the entry.
            processes.Delete(in tgid);
        }
    }

    public bool IsGovernedExecutable(string executable)
    {
        lock (_executables)
        {
            return _executables.ContainsKey(executable);
        }
    }

    public bool GovernExecutable(string executable, ushort scope)
    {
        var bytes = Encoding.UTF8.GetBytes(executable);
        lock (_executables)
        {
            if (bytes.Length >= RecordLimits.GovPathMax || _executables.ContainsKey(executable))
            {
                return false;
            }

            var key = default(tyr_gov_path);
            bytes.CopyTo(new Span<byte>(key.path, RecordLimits.GovPathMax));
            var value = new tyr_gov { scope = scope };
            if (executables.TryUpdate(BpfMap.AsBytes(in key), BpfMap.AsBytes(in value)) != 0)
            {
                return false; // full: the agent is still tagged from user space at each exec
            }

            _executables[executable] = scope;
            control.SetGoverned(_executables.Count, Cgroups.Count);
            return true;
        }
    }

    /// <summary>
    /// Tags the processes that run a governed executable now, and their descendants. Call after the
    /// fork hook is attached, so a child forked after its parent's tag inherits it.
    /// </summary>
    public int TagRunning()
    {
        if (_executables.Count == 0)
        {
            return 0;
        }

        var parents = new Dictionary<uint, uint>();
        var scopes = new Dictionary<uint, ushort>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!uint.TryParse(Path.GetFileName(dir), out var pid) || pid <= 1 || pid == (uint)Environment.ProcessId)
            {
                continue;
            }

            var ppid = ParentOf(pid);
            if (ppid is null)
            {
                continue;
            }

            parents[pid] = ppid.Value;
            var exe = ExeOf(pid);
            if (exe is not null && _executables.TryGetValue(exe, out var scope))
            {
                scopes[pid] = scope;
            }
        }

        var tagged = 0;
        foreach (var pid in parents.Keys)
        {
            var scope = GovernedAncestor(pid, parents, scopes);
            if (scope is null)
            {
                continue;
            }

            var value = new tyr_proc { scope = scope.Value, tag_exec_id = tyr_proc.NotTaggedAtExec };
            processes.Update(in pid, in value);
            tagged++;
        }

        return tagged;
    }

    /// <summary>The cgroup v2 id of a cgroup directory: its inode number on cgroup2.</summary>
    public static ulong CgroupId(string path)
    {
        Libc.statx_buf stat;
        if (Libc.statx(Libc.AT_FDCWD, path, 0, Libc.STATX_INO, &stat) != 0)
        {
            KernelThrowHelper.ThrowLastError($"read the cgroup id of {path}");
        }

        return stat.stx_ino;
    }

    private static ushort? GovernedAncestor(uint pid, Dictionary<uint, uint> parents, Dictionary<uint, ushort> scopes)
    {
        for (var depth = 0; depth < 4096 && pid > 1; depth++)
        {
            if (scopes.TryGetValue(pid, out var scope))
            {
                return scope;
            }

            if (!parents.TryGetValue(pid, out pid))
            {
                return null;
            }
        }

        return null;
    }

    private static uint? ParentOf(uint pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses; the last ')' ends it.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 1 && uint.TryParse(fields[1], out var ppid) ? ppid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ExeOf(uint pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? RealPath(string path)
    {
        var resolved = Libc.realpath(path, null);
        if (resolved is null)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8((nint)resolved);
        }
        finally
        {
            Libc.free(resolved);
        }
    }
}
