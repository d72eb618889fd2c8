using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    [LibraryImport(LibraryName)]
    internal static partial nint bpf_program__name(nint prog);

    [LibraryImport(LibraryName)]
    internal static partial nint bpf_program__section_name(nint prog);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_program__set_autoload(nint prog, [MarshalAs(UnmanagedType.U1)] bool autoload);

    [LibraryImport(LibraryName)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool bpf_program__autoload(nint prog);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_program__fd(nint prog);

    /// <summary>Attaches by the section name (tracepoint, tp_btf, lsm, ...).</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial SafeBpfLinkHandle bpf_program__attach(nint prog);

    /// <summary>A BPF link to a cgroup (BPF_LINK_CREATE): multi-attach, detached when the link is destroyed.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial SafeBpfLinkHandle bpf_program__attach_cgroup(nint prog, int cgroup_fd);
}
