using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    /// <summary>The leading fields of <c>struct bpf_map_info</c> (uapi bpf.h); the kernel fills what <c>info_len</c> covers.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct bpf_map_info
    {
        public uint type;
        public uint id;
        public uint key_size;
        public uint value_size;
        public uint max_entries;
        public uint map_flags;
        public fixed byte name[16];
    }

    /// <summary>Pins a map or link fd at a bpffs path: it then outlives every fd to it.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_obj_pin(int fd, string pathname);

    /// <summary>Opens what is pinned at a bpffs path; returns an fd or a negative errno.</summary>
    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_obj_get(string pathname);

    [LibraryImport(LibraryName)]
    internal static unsafe partial int bpf_obj_get_info_by_fd(int bpf_fd, void* info, uint* info_len);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int bpf_link__pin(SafeBpfLinkHandle link, string path);

    /// <summary>After this, destroying the link closes tyrd's handle but leaves the attachment (held by its pin).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void bpf_link__disconnect(SafeBpfLinkHandle link);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_link__fd(SafeBpfLinkHandle link);

    [LibraryImport(LibraryName)]
    internal static partial uint bpf_map__type(nint map);

    [LibraryImport(LibraryName)]
    internal static partial uint bpf_map__max_entries(nint map);

    [LibraryImport(LibraryName)]
    internal static partial uint bpf_map__map_flags(nint map);
}
