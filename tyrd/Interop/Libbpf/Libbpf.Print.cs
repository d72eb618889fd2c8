using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libbpf
{
    internal const int LIBBPF_WARN = 0;
    internal const int LIBBPF_INFO = 1;
    internal const int LIBBPF_DEBUG = 2;

    /// <summary>
    /// Replaces libbpf's logger (stderr by default). <paramref name="fn"/> is
    /// <c>int (*)(enum libbpf_print_level, const char *fmt, va_list ap)</c>; returns the previous one.
    /// </summary>
    [LibraryImport(LibraryName)]
    internal static unsafe partial nint libbpf_set_print(delegate* unmanaged<int, byte*, nint, int> fn);
}
