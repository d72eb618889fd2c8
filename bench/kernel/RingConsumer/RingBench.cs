using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Kernel.Maps;

namespace Tyr.Bench;

/// <summary>
/// bench/kernel/ringbench.bpf.o between open and close, through tyrd's libbpf interop: sets
/// target_tgid (the only .rodata variable, at offset 0) and the ring's size, loads, attaches
/// handle_getppid, and reads the per-CPU counters (0: submitted, 1: dropped).
/// </summary>
internal sealed unsafe class RingBench : IDisposable
{
    private readonly SafeBpfObjectHandle _object;
    private readonly SafeBpfLinkHandle _link;
    private readonly BpfMap _counters;
    private readonly int _cpus;
    private void* _image;

    private RingBench(SafeBpfObjectHandle obj, SafeBpfLinkHandle link, BpfMap events, BpfMap counters, void* image)
    {
        _object = obj;
        _link = link;
        Events = events;
        _counters = counters;
        _image = image;
        _cpus = Libbpf.libbpf_num_possible_cpus();
    }

    public BpfMap Events { get; }

    public static RingBench Open(string path, uint targetTgid, int ringBytes)
    {
        var bytes = File.ReadAllBytes(path);
        var image = NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(image, bytes.Length));
        var opts = new Libbpf.bpf_object_open_opts { sz = (nuint)sizeof(Libbpf.bpf_object_open_opts) };
        var obj = Libbpf.bpf_object__open_mem(image, (nuint)bytes.Length, &opts);
        if (obj.IsInvalid)
        {
            KernelThrowHelper.ThrowErrno($"open {path}", Marshal.GetLastPInvokeError());
        }

        var rodata = Libbpf.bpf_object__find_map_by_name(obj, ".rodata");
        nuint size = 0;
        var data = rodata == 0 ? null : (byte*)Libbpf.bpf_map__initial_value(rodata, &size);
        if (data is null || size < sizeof(uint))
        {
            KernelThrowHelper.Throw($"{path} has no target_tgid in .rodata");
        }

        *(uint*)data = targetTgid;
        var events = Libbpf.bpf_object__find_map_by_name(obj, "ringbench_events");
        KernelThrowHelper.ThrowIfNegative(Libbpf.bpf_map__set_max_entries(events, (uint)ringBytes), "size the ring buffer");
        KernelThrowHelper.ThrowIfNegative(Libbpf.bpf_object__load(obj), $"load {path}");

        var prog = Libbpf.bpf_object__next_program(obj, 0);
        var link = Libbpf.bpf_program__attach(prog);
        if (link.IsInvalid)
        {
            KernelThrowHelper.ThrowErrno("attach handle_getppid", Marshal.GetLastPInvokeError());
        }

        var counters = Libbpf.bpf_object__find_map_by_name(obj, "ringbench_counters");
        return new RingBench(
            obj,
            link,
            new BpfMap("ringbench_events", Libbpf.bpf_map__fd(events), 0, 0),
            new BpfMap("ringbench_counters", Libbpf.bpf_map__fd(counters), sizeof(uint), sizeof(ulong)),
            image);
    }

    public ulong Submitted() => Sum(0);

    public ulong Dropped() => Sum(1);

    public void Dispose()
    {
        _link.Dispose();
        _object.Dispose();
        if (_image is not null)
        {
            NativeMemory.Free(_image);
            _image = null;
        }
    }

    private ulong Sum(uint index)
    {
        Span<ulong> values = stackalloc ulong[_cpus];
        _counters.TryLookup(BpfMap.AsBytes(in index), MemoryMarshal.AsBytes(values));
        ulong sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
