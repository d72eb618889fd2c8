using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    /// <summary><c>struct bpf_uprobe_opts</c> as libbpf 1.1 defines it (libbpf.h); <c>sz</c> tells libbpf which fields exist.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct bpf_uprobe_opts
    {
        public nuint sz;
        public nuint ref_ctr_offset;
        public ulong bpf_cookie;
        [MarshalAs(UnmanagedType.U1)]
        public bool retprobe;
        public byte* func_name;
    }

    /// <summary>
    /// Attaches a uprobe (or, with <c>retprobe</c>, a uretprobe) to the function <c>func_name</c> of
    /// <paramref name="binary_path"/>, in every process (<paramref name="pid"/> -1) that maps it.
    /// </summary>
    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial SafeBpfLinkHandle bpf_program__attach_uprobe_opts(
        nint prog, int pid, string binary_path, nuint func_offset, bpf_uprobe_opts* opts);
}
