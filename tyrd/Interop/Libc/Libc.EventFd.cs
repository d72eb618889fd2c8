using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int EFD_NONBLOCK = 0x800;
    internal const int EFD_CLOEXEC = 0x80000;

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int eventfd(uint initval, int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial nint write(int fd, void* buf, nuint count);
}
