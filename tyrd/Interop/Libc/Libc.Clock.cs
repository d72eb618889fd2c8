using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int CLOCK_REALTIME = 0;
    internal const int CLOCK_BOOTTIME = 7;

    // The native name, kept (dotnet/runtime's interop style), is all lower case.
#pragma warning disable CS8981
    [StructLayout(LayoutKind.Sequential)]
    internal struct timespec
    {
        public long tv_sec;
        public long tv_nsec;
    }
#pragma warning restore CS8981

    [LibraryImport(LibraryName)]
    internal static unsafe partial int clock_gettime(int clockid, timespec* tp);
}
