using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    /// <summary>The leading fields of <c>struct bpf_object_open_opts</c> (libbpf.h); libbpf zero-fills the rest by <c>sz</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct bpf_object_open_opts
    {
        public nuint sz;
        public byte* object_name;
    }

    /// <summary>Parses an ELF object held in memory; the buffer must stay valid until <c>bpf_object__load</c>.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial SafeBpfObjectHandle bpf_object__open_mem(void* obj_buf, nuint obj_buf_sz, bpf_object_open_opts* opts);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_object__load(SafeBpfObjectHandle obj);

    [LibraryImport(LibraryName)]
    internal static partial void bpf_object__close(nint obj);

    [LibraryImport(LibraryName)]
    internal static partial nint bpf_object__next_program(SafeBpfObjectHandle obj, nint prog);

    [LibraryImport(LibraryName)]
    internal static partial nint bpf_object__next_map(SafeBpfObjectHandle obj, nint map);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint bpf_object__find_map_by_name(SafeBpfObjectHandle obj, string name);

    [LibraryImport(LibraryName)]
    internal static partial nint bpf_object__btf(SafeBpfObjectHandle obj);
}
