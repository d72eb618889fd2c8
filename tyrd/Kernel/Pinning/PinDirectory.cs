using System.Globalization;
using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.Loading;

namespace Tyr.Daemon.Kernel.Pinning;

/// <summary>
/// Where tyrd's kernel state outlives tyrd (default <c>/sys/fs/bpf/tyr</c>): one directory per
/// tyrd that set the hooks up (an instance), holding every shared map and every link, pinned. A
/// pinned link keeps its program attached with no process holding it, so a stopped, killed or
/// upgrading tyrd leaves enforcement in place (fail closed). The next tyrd adopts the newest
/// instance's maps, attaches its own programs beside the old ones, and only then retires the old
/// instances: there is no moment without a hook. The root must be root's own, 0700: bpffs is
/// writable by root only, but a directory someone else made there is not trusted.
/// </summary>
internal sealed class PinDirectory
{
    private const string InstancePrefix = "run-";

    private PinDirectory(string root) => Root = root;

    public string Root { get; }

    /// <summary>
    /// Makes the root exist on a mounted bpffs (mounting bpffs on its parent where nothing is) and
    /// checks that it is tyrd's; throws <see cref="KernelException"/> saying what is wrong.
    /// </summary>
    public static PinDirectory Open(string root, Action<string>? log)
    {
        if (!Path.IsPathRooted(root))
        {
            throw new KernelException($"the pin directory {root} is not an absolute path");
        }

        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(root)) ?? "/";
        if (!MountTable.IsMountedAt("bpf", parent))
        {
            if (Libc.mount("bpf", parent, "bpf", Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, 0) != 0)
            {
                throw new KernelException($"the pin directory's parent {parent} is no bpffs and mounting one failed: {Errno.Describe(Marshal.GetLastPInvokeError())}");
            }

            log?.Invoke($"kernel: mounted bpf on {parent}");
        }

        if (!Directory.Exists(root))
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        CheckOwnership(root);
        return new PinDirectory(root);
    }

    /// <summary>The root if it exists (for uninstall: nothing is mounted or made).</summary>
    public static PinDirectory? Existing(string root)
    {
        if (!Directory.Exists(root))
        {
            return null;
        }

        CheckOwnership(root);
        return new PinDirectory(root);
    }

    /// <summary>The instances pinned by earlier tyrds, newest first.</summary>
    public IReadOnlyList<PinnedInstance> Instances() =>
        [.. Directory.EnumerateDirectories(Root, InstancePrefix + "*")
            .Order(StringComparer.Ordinal)
            .Reverse()
            .Select(path => new PinnedInstance(path))];

    /// <summary>
    /// A directory name for this tyrd's pins: boot-time nanoseconds, zero padded, so that names sort
    /// in the order the instances were made (bpffs, and so every pin, lasts one boot).
    /// </summary>
    public PinnedInstance NewInstance() =>
        new(Path.Combine(Root, InstancePrefix + Decoding.BootClock.NowBootNanoseconds().ToString("D20", CultureInfo.InvariantCulture)));

    /// <summary>Removes every instance but <paramref name="keep"/>; their links detach as their pins go.</summary>
    public PinRemoval RetireAllBut(PinnedInstance keep)
    {
        var removal = new PinRemoval(0, 0);
        foreach (var instance in Instances())
        {
            if (instance.Path != keep.Path)
            {
                removal += instance.Remove();
            }
        }

        return removal;
    }

    /// <summary>Removes every instance and the root itself: nothing of tyrd's stays attached.</summary>
    public PinRemoval RemoveAll()
    {
        var removal = new PinRemoval(0, 0);
        foreach (var instance in Instances())
        {
            removal += instance.Remove();
        }

        Directory.Delete(Root);
        return removal;
    }

    private static unsafe void CheckOwnership(string root)
    {
        Libc.statx_buf stat;
        if (Libc.statx(Libc.AT_FDCWD, root, 0, Libc.STATX_UID | Libc.STATX_MODE, &stat) != 0)
        {
            throw new KernelException($"cannot look at the pin directory {root}: {Errno.Describe(Marshal.GetLastPInvokeError())}");
        }

        if (stat.stx_uid != 0 || (stat.stx_mode & 0x3f) != 0)
        {
            throw new KernelException(
                $"the pin directory {root} is not tyrd's (owner uid {stat.stx_uid}, mode {Convert.ToString(stat.stx_mode & 0xfff, 8)}; expected root, 700): remove it or choose another kernel.pin_dir");
        }
    }
}

/// <summary>What a removal unpinned.</summary>
internal readonly record struct PinRemoval(int Links, int Maps)
{
    public static PinRemoval operator +(PinRemoval a, PinRemoval b) => new(a.Links + b.Links, a.Maps + b.Maps);
}
