using System.Runtime.InteropServices;
using System.Text;
using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// One embedded BPF object (a hook family) between open and close: lists its programs and maps,
/// sets its read-only globals, loads it. Owns the <c>struct bpf_object</c>.
/// </summary>
internal sealed unsafe class BpfObject : IDisposable
{
    private readonly SafeBpfObjectHandle _handle;

    private BpfObject(string family, SafeBpfObjectHandle handle)
    {
        Family = family;
        _handle = handle;
    }

    /// <summary>"process", "file", "exec" or "net".</summary>
    public string Family { get; }

    public SafeBpfObjectHandle Handle => _handle;

    public static BpfObject Open(string family)
    {
        var (pointer, length) = EmbeddedObjects.Get(family);
        var name = Encoding.UTF8.GetBytes($"tyr_{family}\0");
        SafeBpfObjectHandle handle;
        fixed (byte* objectName = name)
        {
            var opts = new Libbpf.bpf_object_open_opts
            {
                sz = (nuint)sizeof(Libbpf.bpf_object_open_opts),
                object_name = objectName,
            };
            handle = Libbpf.bpf_object__open_mem((void*)pointer, length, &opts);
        }

        if (handle.IsInvalid)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            KernelThrowHelper.ThrowErrno($"open the {family} BPF object", errno);
        }

        return new BpfObject(family, handle);
    }

    public List<BpfProgram> Programs()
    {
        var programs = new List<BpfProgram>();
        for (var prog = Libbpf.bpf_object__next_program(_handle, 0); prog != 0; prog = Libbpf.bpf_object__next_program(_handle, prog))
        {
            programs.Add(new BpfProgram(
                prog,
                Marshal.PtrToStringUTF8(Libbpf.bpf_program__name(prog)) ?? "",
                Marshal.PtrToStringUTF8(Libbpf.bpf_program__section_name(prog)) ?? ""));
        }

        return programs;
    }

    /// <summary>The maps this object declares, by name (global-data maps such as .rodata excluded).</summary>
    public Dictionary<string, nint> Maps()
    {
        var maps = new Dictionary<string, nint>(StringComparer.Ordinal);
        for (var map = Libbpf.bpf_object__next_map(_handle, 0); map != 0; map = Libbpf.bpf_object__next_map(_handle, map))
        {
            var name = Marshal.PtrToStringUTF8(Libbpf.bpf_map__name(map)) ?? "";
            if (!name.Contains('.', StringComparison.Ordinal))
            {
                maps[name] = map;
            }
        }

        return maps;
    }

    /// <summary>Makes the named map of this object use <paramref name="fd"/> (a map another object created).</summary>
    public void ReuseMap(nint map, string name, int fd) =>
        KernelThrowHelper.ThrowIfNegative(Libbpf.bpf_map__reuse_fd(map, fd), $"share map {name} with the {Family} programs");

    /// <summary>Sets a <c>const volatile</c> global before load, found by name in the BTF of .rodata.</summary>
    public void SetRodata(string variable, uint value)
    {
        var rodata = Libbpf.bpf_object__find_map_by_name(_handle, ".rodata");
        var btf = Libbpf.bpf_object__btf(_handle);
        if (rodata == 0 || btf == 0)
        {
            KernelThrowHelper.Throw($"the {Family} BPF object has no .rodata for {variable}");
        }

        nuint size;
        var data = (byte*)Libbpf.bpf_map__initial_value(rodata, &size);
        var offset = RodataOffset(btf, variable);
        if (data is null || offset < 0 || (nuint)offset + sizeof(uint) > size)
        {
            KernelThrowHelper.Throw($"the {Family} BPF object has no 4-byte .rodata variable {variable}");
        }

        *(uint*)(data + offset) = value;
    }

    /// <summary>Loads (verifies) every program whose autoload is on; returns 0 or a positive errno.</summary>
    public int TryLoad() => -Libbpf.bpf_object__load(_handle);

    public void Dispose() => _handle.Dispose();

    private static int RodataOffset(nint btf, string variable)
    {
        var id = Libbpf.btf__find_by_name_kind(btf, ".rodata", Libbpf.BTF_KIND_DATASEC);
        if (id <= 0)
        {
            return -1;
        }

        var datasec = Libbpf.btf__type_by_id(btf, (uint)id);
        var vlen = (int)(datasec->info & 0xffff);
        var vars = (Libbpf.btf_var_secinfo*)(datasec + 1);
        for (var i = 0; i < vlen; i++)
        {
            var var = Libbpf.btf__type_by_id(btf, vars[i].type);
            if (Marshal.PtrToStringUTF8(Libbpf.btf__name_by_offset(btf, var->name_off)) == variable && vars[i].size == sizeof(uint))
            {
                return (int)vars[i].offset;
            }
        }

        return -1;
    }
}
