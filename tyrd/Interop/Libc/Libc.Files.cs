using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int O_RDONLY = 0;
    internal const int O_DIRECTORY = 0x10000;
    internal const int O_CLOEXEC = 0x80000;

    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int close(int fd);

    /// <summary>Canonical absolute path (symlinks resolved); the result is malloc'd: release with <see cref="free"/>.</summary>
    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial byte* realpath(string path, byte* resolved_path);

    [LibraryImport(LibraryName)]
    internal static unsafe partial void free(void* ptr);
}
