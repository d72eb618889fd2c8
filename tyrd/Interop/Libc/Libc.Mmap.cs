using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;

    /// <summary><c>MAP_FAILED</c>: mmap's error return.</summary>
    internal const nint MAP_FAILED = -1;

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial void* mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial int munmap(void* addr, nuint length);
}
