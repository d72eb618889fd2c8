using System.Numerics;
using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Kernel.Maps;
using Tyr.Daemon.Kernel.Pinning;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// Loads the kernel layer, libbpf-bootstrap style: open → set .rodata → load → attach → ring
/// buffer, one "failed to X: errno N (NAME)" per step. The process family comes first and must
/// load: it creates the shared maps. Each other family is then tried variant by variant (BPF-LSM,
/// then cgroup hooks, then tracepoints), by really loading and attaching it, never by guessing from
/// the kernel version; what loaded is what <see cref="KernelPrograms.Capabilities"/> reports.
/// With a pin directory, the maps of the newest compatible earlier tyrd are adopted (its policy,
/// governed processes and unread events carry over), and every map and link is pinned at the end;
/// the earlier tyrd's links stay attached until <see cref="KernelEventSource.RetirePreviousPins"/>.
/// </summary>
internal static class KernelLoader
{
    private const string DaemonTgid = "tyr_daemon_tgid";

    public static KernelPrograms Load(KernelOptions options)
    {
        CheckRingBufferSize(options.RingBufferSize);
        LibbpfResolver.Install();
        LibbpfLog.Install();
        var log = options.Log;
        var kernel = new KernelPrograms();
        try
        {
            var tgid = (uint)Environment.ProcessId;
            var cgroupMount = MountTable.Find("cgroup2");
            var pins = options.PinDirectory is null ? null : PinDirectory.Open(options.PinDirectory, log);
            kernel.PinRoot = pins;
            LoadProcessFamily(kernel, options, tgid, cgroupMount, pins, log);

            var lsm = new LsmTrial(options, log);
            var outcomes = HookFamily.All.Select(family => LoadFamily(kernel, family, tgid, cgroupMount, lsm, log)).ToList();
            kernel.SetRing(RingBuffer.Map(kernel.Maps["tyr_events"], options.RingBufferSize));

            foreach (var outcome in outcomes)
            {
                foreach (var kind in outcome.Family.Kinds)
                {
                    var capability = new HookCapability { Kind = kind, Support = outcome.Support };
                    capability.Programs.AddRange(outcome.Programs);
                    kernel.Capabilities.Add(capability);
                }
            }

            kernel.Summary = Summarize(kernel.Capabilities, lsm.Note);
            if (pins is not null)
            {
                var instance = pins.NewInstance();
                kernel.Pin(instance);
                log?.Invoke($"kernel: maps and links pinned under {instance.Path}");
            }

            return kernel;
        }
        catch
        {
            kernel.Dispose();
            throw;
        }
    }

    private static void LoadProcessFamily(KernelPrograms kernel, KernelOptions options, uint tgid, string? cgroupMount, PinDirectory? pins, Action<string>? log)
    {
        var core = BpfObject.Open("process");
        kernel.Add(core);
        core.SetRodata(DaemonTgid, tgid);
        var maps = core.Maps();
        KernelThrowHelper.ThrowIfNegative(
            Libbpf.bpf_map__set_max_entries(maps["tyr_events"], (uint)options.RingBufferSize), "size the ring buffer");
        kernel.Adopted = pins is not null && AdoptPinnedMaps(core, maps, pins, log);

        LibbpfLog.Clear();
        var errno = core.TryLoad();
        if (errno != 0)
        {
            KernelThrowHelper.ThrowErrno("load the process programs (tp_btf/sched_process_fork, _exec, _exit)", errno);
        }

        foreach (var (name, map) in maps)
        {
            kernel.Maps[name] = new BpfMap(name, Libbpf.bpf_map__fd(map), (int)Libbpf.bpf_map__key_size(map), (int)Libbpf.bpf_map__value_size(map));
        }

        if (!kernel.Adopted)
        {
            kernel.Maps["tyr_meta"].Update(0u, tyr_meta.Ours());
        }

        kernel.SetControl(ControlBlock.Map(kernel.Maps["tyr_control"]));
        kernel.SetCounters(new KernelCounters(kernel.Maps["tyr_counters"]));
        var governed = new GovernedTable(kernel.Maps["tyr_gov_exes"], kernel.Maps["tyr_gov_cgroups"], kernel.Maps["tyr_procs"], kernel.Control);
        if (kernel.Adopted)
        {
            governed.Adopt();
        }

        governed.Configure(options, cgroupMount, log);
        kernel.SetGoverned(governed);

        foreach (var program in core.Programs())
        {
            var link = Libbpf.bpf_program__attach(program.Handle);
            if (link.IsInvalid)
            {
                var attachErrno = Marshal.GetLastPInvokeError();
                link.Dispose();
                KernelThrowHelper.ThrowErrno($"attach {program.Section}", attachErrno);
            }

            kernel.Add($"process-{program.Name}", link);
        }

        var tagged = governed.TagRunning();
        if (tagged > 0)
        {
            log?.Invoke($"kernel: {tagged} running processes are governed");
        }
    }

    /// <summary>
    /// Points the process object's maps at the newest earlier instance whose maps are tyrd's, of
    /// this layout version and declared alike; false (fresh maps, loaded beside the old ones) when
    /// there is none.
    /// </summary>
    private static bool AdoptPinnedMaps(BpfObject core, Dictionary<string, nint> maps, PinDirectory pins, Action<string>? log)
    {
        var specs = maps.ToDictionary(m => m.Key, m => MapSpec.Of(m.Value), StringComparer.Ordinal);
        foreach (var instance in pins.Instances())
        {
            var fds = instance.TryOpenMaps(specs, out var reason);
            if (fds is null)
            {
                log?.Invoke($"kernel: not adopting the maps pinned in {instance.Path}: {reason}; loading fresh ones beside them");
                continue;
            }

            try
            {
                foreach (var (name, map) in maps)
                {
                    core.ReuseMap(map, name, fds[name]); // libbpf keeps a dup of the fd
                }
            }
            finally
            {
                foreach (var fd in fds.Values)
                {
                    Libc.close(fd);
                }
            }

            log?.Invoke($"kernel: adopting the maps pinned in {instance.Path} (policy, governed processes and unread events carry over)");
            return true;
        }

        return false;
    }

    private static FamilyOutcome LoadFamily(KernelPrograms kernel, HookFamily family, uint tgid, string? cgroupMount, LsmTrial lsm, Action<string>? log)
    {
        foreach (var variant in family.Variants)
        {
            string? failure;
            if (variant.IsLsm && !lsm.ShouldTry)
            {
                continue;
            }

            // Of BPF-LSM refusals, the first is logged in full; the summary line says the rest.
            var worthLogging = !variant.IsLsm || lsm.Note is null;

            LibbpfLog.Clear();
            if (variant.NeedsTracefs && KernelFilesystems.EnsureTracefs(log) is { } problem)
            {
                failure = problem;
            }
            else if (variant.Name == "cgroup" && cgroupMount is null)
            {
                failure = "no cgroup v2 hierarchy is mounted";
            }
            else
            {
                var programs = TryVariant(kernel, family, variant, tgid, cgroupMount, lsm, out failure);
                if (programs is not null)
                {
                    return new FamilyOutcome(family, variant.Support, programs);
                }
            }

            if (worthLogging)
            {
                var libbpf = LibbpfLog.Reason();
                log?.Invoke($"kernel: {family.Name} hooks through {variant.Name}: {failure}{(libbpf is null ? "" : $" (libbpf: {libbpf})")}");
            }
        }

        return new FamilyOutcome(family, HookSupport.Absent, []);
    }

    /// <summary>Loads and attaches one variant; on failure releases what it made and says why.</summary>
    private static List<string>? TryVariant(
        KernelPrograms kernel, HookFamily family, HookVariant variant, uint tgid, string? cgroupMount, LsmTrial lsm, out string? failure)
    {
        var obj = BpfObject.Open(family.Name);
        var links = new List<(string Program, SafeBpfLinkHandle Link)>();
        try
        {
            foreach (var (name, map) in obj.Maps())
            {
                if (!kernel.Maps.TryGetValue(name, out var shared))
                {
                    throw new KernelException($"map {name} of the {family.Name} object is not among the process object's maps");
                }

                obj.ReuseMap(map, name, shared.Fd);
            }

            obj.SetRodata(DaemonTgid, tgid);
            var selected = new List<BpfProgram>();
            foreach (var program in obj.Programs())
            {
                var wanted = variant.Programs.Contains(program.Name);
                Libbpf.bpf_program__set_autoload(program.Handle, wanted);
                if (wanted)
                {
                    selected.Add(program);
                }
            }

            if (selected.Count != variant.Programs.Count)
            {
                throw new KernelException($"the {family.Name} object lacks programs of its {variant.Name} variant");
            }

            var errno = obj.TryLoad();
            if (errno != 0)
            {
                failure = $"load: {Errno.Describe(errno)}";
                lsm.Failed(variant, errno);
                return null;
            }

            foreach (var program in selected)
            {
                if (IsUprobe(program))
                {
                    continue; // attached to binaries by the TLS attacher
                }

                var link = Attach(program, cgroupMount, out var attachErrno);
                if (link is null)
                {
                    failure = $"attach {program.Section}: {Errno.Describe(attachErrno)}";
                    lsm.Failed(variant, attachErrno);
                    return null;
                }

                links.Add((program.Name, link));
            }

            kernel.Add(obj);
            foreach (var program in selected.Where(IsUprobe))
            {
                kernel.Uprobes[program.Name] = program;
            }

            foreach (var (program, link) in links)
            {
                kernel.Add($"{family.Name}-{program}", link);
            }

            obj = null;
            links.Clear();
            failure = null;
            return [.. selected.Where(p => !IsUprobe(p)).Select(p => p.Section)];
        }
        finally
        {
            foreach (var (_, link) in links)
            {
                link.Dispose();
            }

            obj?.Dispose();
        }
    }

    private static bool IsUprobe(BpfProgram program) =>
        program.Section.StartsWith("uprobe", StringComparison.Ordinal) || program.Section.StartsWith("uretprobe", StringComparison.Ordinal);

    private static SafeBpfLinkHandle? Attach(BpfProgram program, string? cgroupMount, out int errno)
    {
        SafeBpfLinkHandle link;
        if (program.Section.StartsWith("cgroup/", StringComparison.Ordinal))
        {
            // At the root of the cgroup v2 hierarchy: every process is below it.
            using var cgroup = new SafeFdHandle(Libc.open(cgroupMount!, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC));
            if (cgroup.IsInvalid)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }

            link = Libbpf.bpf_program__attach_cgroup(program.Handle, cgroup.Fd);
        }
        else
        {
            link = Libbpf.bpf_program__attach(program.Handle);
        }

        if (link.IsInvalid)
        {
            errno = Marshal.GetLastPInvokeError();
            link.Dispose();
            return null;
        }

        errno = 0;
        return link;
    }

    private static string Summarize(List<HookCapability> capabilities, string? lsmNote)
    {
        var hooks = capabilities.Select(c => c.Support == HookSupport.Absent
            ? $"{KindName(c.Kind)} absent"
            : $"{KindName(c.Kind)} {SupportName(c.Support)} ({string.Join(", ", c.Programs)})");
        var summary = "kernel hooks: " + string.Join(", ", hooks);
        return lsmNote is null ? summary : $"{summary}; {lsmNote}";
    }

    public static string KindName(EventKind kind) => kind switch
    {
        EventKind.FileRead => "FILE_READ",
        EventKind.FileWrite => "FILE_WRITE",
        EventKind.Exec => "EXEC",
        EventKind.NetConnect => "NET_CONNECT",
        EventKind.Tls => "TLS",
        _ => kind.ToString(),
    };

    private static string SupportName(HookSupport support) => support switch
    {
        HookSupport.Enforced => "enforced",
        HookSupport.Observed => "observed",
        _ => "absent",
    };

    private static void CheckRingBufferSize(int size)
    {
        if (size < Environment.SystemPageSize || !BitOperations.IsPow2(size))
        {
            throw new KernelException($"the ring buffer size {size} is not a power of two of at least a page");
        }
    }

    private sealed record FamilyOutcome(HookFamily Family, HookSupport Support, List<string> Programs);

    /// <summary>Whether BPF-LSM is worth trying, and the first reason it did not work.</summary>
    private sealed class LsmTrial
    {
        public LsmTrial(KernelOptions options, Action<string>? log)
        {
            if (!options.TryLsm)
            {
                ShouldTry = false;
                Note = "BPF-LSM not tried (disabled)";
                return;
            }

            var active = KernelFilesystems.ActiveLsms(log);
            if (active is not null && !active.Split(',').Contains("bpf"))
            {
                ShouldTry = false;
                Note = $"BPF-LSM not active (lsm={active})";
                return;
            }

            ShouldTry = true;
            if (active is null)
            {
                log?.Invoke("kernel: the active LSMs are unknown (no securityfs); BPF-LSM is trusted if it loads");
            }
        }

        public bool ShouldTry { get; }

        public string? Note { get; private set; }

        public void Failed(HookVariant variant, int errno)
        {
            if (variant.IsLsm && Note is null)
            {
                Note = $"BPF-LSM refused: {Errno.Name(errno)}";
            }
        }
    }
}
