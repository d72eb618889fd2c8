using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    internal const ulong BPF_ANY = 0;
    internal const ulong BPF_NOEXIST = 1;
    internal const ulong BPF_EXIST = 2;

    [LibraryImport(LibraryName)]
    internal static unsafe partial int bpf_map_update_elem(int fd, void* key, void* value, ulong flags);

    [LibraryImport(LibraryName)]
    internal static unsafe partial int bpf_map_lookup_elem(int fd, void* key, void* value);

    [LibraryImport(LibraryName)]
    internal static unsafe partial int bpf_map_delete_elem(int fd, void* key);

    /// <summary>The key after <paramref name="key"/> (the first key when it is null); -ENOENT after the last.</summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial int bpf_map_get_next_key(int fd, void* key, void* next_key);

    [LibraryImport(LibraryName)]
    internal static partial int libbpf_num_possible_cpus();
}
