using System.Runtime.InteropServices;
using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel;

/// <summary>errno values as people read them in logs: "errno 1 (EPERM)".</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int E2BIG = 7;
    public const int EBADF = 9;
    public const int ENOMEM = 12;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int ENOTSUP = 95;

    public static string Name(int errno)
    {
        var name = Libc.strerrorname_np(errno);
        return name == 0 ? $"E{errno}" : Marshal.PtrToStringUTF8(name) ?? $"E{errno}";
    }

    public static string Describe(int errno) => $"errno {errno} ({Name(errno)})";
}
