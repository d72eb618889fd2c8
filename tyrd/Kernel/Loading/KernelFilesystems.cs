using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// The pseudo-filesystems the loader reads: tracefs (libbpf looks up a classic tracepoint's id
/// under /sys/kernel/tracing/events) and securityfs (the active LSM list). Many hosts do not mount
/// them at boot; tyrd, as root, mounts them where the kernel documents them.
/// </summary>
internal static class KernelFilesystems
{
    private const string Tracefs = "/sys/kernel/tracing";
    private const string Securityfs = "/sys/kernel/security";

    /// <summary>Makes /sys/kernel/tracing/events exist; returns null or why it could not.</summary>
    public static string? EnsureTracefs(Action<string>? log)
    {
        if (Directory.Exists($"{Tracefs}/events") || Directory.Exists("/sys/kernel/debug/tracing/events"))
        {
            return null;
        }

        return Mount("tracefs", Tracefs, log);
    }

    /// <summary>
    /// The active LSMs in order (e.g. "lockdown,capability,landlock,bpf"), or null when securityfs
    /// cannot be read. BPF-LSM programs load and attach even where "bpf" is not active, and then
    /// never run: enforcement must not be claimed then.
    /// </summary>
    public static string? ActiveLsms(Action<string>? log)
    {
        var path = $"{Securityfs}/lsm";
        if (!File.Exists(path) && Mount("securityfs", Securityfs, log) is not null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Mount(string type, string target, Action<string>? log)
    {
        if (Libc.mount(type, target, type, Libc.MS_NOSUID | Libc.MS_NODEV | Libc.MS_NOEXEC, 0) != 0)
        {
            return $"mount {type} on {target}: {Errno.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}";
        }

        log?.Invoke($"kernel: mounted {type} on {target}");
        return null;
    }
}
