using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Pinning;

/// <summary>
/// What makes two maps interchangeable for a program: type, key and value sizes, capacity and
/// flags (libbpf's own test before it reuses a pinned map, map_is_reuse_compat).
/// </summary>
internal readonly record struct MapSpec(uint Type, uint KeySize, uint ValueSize, uint MaxEntries, uint Flags)
{
    /// <summary>As an opened, not yet loaded, object declares the map (after its max_entries was set).</summary>
    public static MapSpec Of(nint map) => new(
        Libbpf.bpf_map__type(map),
        Libbpf.bpf_map__key_size(map),
        Libbpf.bpf_map__value_size(map),
        Libbpf.bpf_map__max_entries(map),
        Libbpf.bpf_map__map_flags(map));

    /// <summary>As the kernel describes an existing map; null with the errno when it cannot.</summary>
    public static unsafe MapSpec? OfFd(int fd, out int errno)
    {
        var info = default(Libbpf.bpf_map_info);
        var length = (uint)sizeof(Libbpf.bpf_map_info);
        var result = Libbpf.bpf_obj_get_info_by_fd(fd, &info, &length);
        if (result < 0)
        {
            errno = -result;
            return null;
        }

        errno = 0;
        return new MapSpec(info.type, info.key_size, info.value_size, info.max_entries, info.map_flags);
    }

    public override string ToString() => $"type {Type}, key {KeySize} B, value {ValueSize} B, {MaxEntries} entries, flags 0x{Flags:x}";
}
