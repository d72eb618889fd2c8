using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    [LibraryImport(LibraryName)]
    internal static partial nint bpf_map__name(nint map);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_map__fd(nint map);

    /// <summary>Makes the (not yet loaded) map use an existing map's fd: how objects share maps without pinning.</summary>
    [LibraryImport(LibraryName)]
    internal static partial int bpf_map__reuse_fd(nint map, int fd);

    [LibraryImport(LibraryName)]
    internal static partial int bpf_map__set_max_entries(nint map, uint max_entries);

    [LibraryImport(LibraryName)]
    internal static partial uint bpf_map__key_size(nint map);

    [LibraryImport(LibraryName)]
    internal static partial uint bpf_map__value_size(nint map);

    /// <summary>The initial contents of a global-data map (.rodata, .data), writable before load.</summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial void* bpf_map__initial_value(nint map, nuint* psize);
}
