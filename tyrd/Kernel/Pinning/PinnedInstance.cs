using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.MapLayouts;

namespace Tyr.Daemon.Kernel.Pinning;

/// <summary>
/// One tyrd's pins: <c>&lt;map name&gt;</c> for each shared map, <c>link-&lt;family&gt;-&lt;program&gt;</c>
/// for each attached program.
/// </summary>
internal sealed class PinnedInstance(string path)
{
    // bpffs refuses names with a dot (EPERM): they are kept for its own files, such as maps.debug.
    private const string LinkPrefix = "link-";
    private const string MetaMap = "tyr_meta";

    public string Path { get; } = path;

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// Opens this instance's maps for reuse when they are tyrd's (tyr_meta), of this tyrd's layout
    /// version, and each as the new programs declare it. Returns the fds (the caller closes them
    /// once libbpf has taken its own), or null and why not.
    /// </summary>
    public Dictionary<string, int>? TryOpenMaps(IReadOnlyDictionary<string, MapSpec> wanted, out string reason)
    {
        var fds = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var (name, spec) in wanted)
            {
                var fd = Libbpf.bpf_obj_get(System.IO.Path.Combine(Path, name));
                if (fd < 0)
                {
                    reason = $"map {name} is not pinned ({Errno.Describe(-fd)})";
                    return Close(fds);
                }

                fds[name] = fd;
                var pinned = MapSpec.OfFd(fd, out var errno);
                if (pinned != spec)
                {
                    reason = pinned is null
                        ? $"map {name}: {Errno.Describe(errno)}"
                        : $"map {name} is {pinned}, this tyrd's is {spec}";
                    return Close(fds);
                }
            }

            if (!fds.TryGetValue(MetaMap, out var metaFd) || !ReadMeta(metaFd, out var meta))
            {
                reason = "its tyr_meta cannot be read";
                return Close(fds);
            }

            if (!meta.IsOurs(out var layout))
            {
                reason = "its tyr_meta does not say tyr";
                return Close(fds);
            }

            if (layout != tyr_meta.LayoutVersion)
            {
                reason = $"its maps have layout version {layout}, this tyrd's is {tyr_meta.LayoutVersion}";
                return Close(fds);
            }

            reason = "";
            return fds;
        }
        catch
        {
            Close(fds);
            throw;
        }
    }

    public void PinMap(string name, int fd) => Pin(name, Libbpf.bpf_obj_pin(fd, Combine(name)), "map");

    public void PinLink(string name, SafeBpfLinkHandle link) =>
        Pin(name, Libbpf.bpf_link__pin(link, Combine(LinkPrefix + name)), "link");

    /// <summary>Unpins everything here and removes the directory.</summary>
    public PinRemoval Remove()
    {
        var (links, maps) = (0, 0);
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            File.Delete(file);
            if (System.IO.Path.GetFileName(file).StartsWith(LinkPrefix, StringComparison.Ordinal))
            {
                links++;
            }
            else
            {
                maps++;
            }
        }

        Directory.Delete(Path);
        return new PinRemoval(links, maps);
    }

    public static unsafe bool ReadMeta(int fd, out tyr_meta meta)
    {
        var zero = 0u;
        var value = default(tyr_meta);
        var ok = Libbpf.bpf_map_lookup_elem(fd, &zero, &value) == 0;
        meta = value;
        return ok;
    }

    private string Combine(string name)
    {
        Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return System.IO.Path.Combine(Path, name);
    }

    private void Pin(string name, int result, string what)
    {
        if (result < 0)
        {
            KernelThrowHelper.ThrowErrno($"pin {what} {name} under {Path}", -result);
        }
    }

    private static Dictionary<string, int>? Close(Dictionary<string, int> fds)
    {
        foreach (var fd in fds.Values)
        {
            Libc.close(fd);
        }

        fds.Clear();
        return null;
    }
}
