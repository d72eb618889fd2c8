using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    /// <summary>"EPERM" for 1 (glibc 2.32+); NULL for an unknown value.</summary>
    [LibraryImport(LibraryName)]
    internal static partial nint strerrorname_np(int errnum);

    /// <summary>Formats a printf-style message from a <c>va_list</c> (libbpf's log callback).</summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial int vsnprintf(byte* str, nuint size, byte* format, nint ap);
}
