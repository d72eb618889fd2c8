using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const uint EPOLLIN = 0x001;

    /// <summary>
    /// <c>struct epoll_event</c>. On x86-64 the kernel packs it to 12 bytes (data at offset 4); on
    /// arm64 it is naturally aligned, 16 bytes (data at offset 8). Declared for x86-64 with room to
    /// 16 bytes, and <see cref="Create"/> puts data where the running architecture expects it.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    internal struct epoll_event
    {
        [FieldOffset(0)]
        public uint events;

        [FieldOffset(4)]
        private ulong _dataX64;

        [FieldOffset(8)]
        private ulong _dataArm64;

        /// <summary>Bytes between two events in an array passed to epoll_wait.</summary>
        public static int Stride => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

        public static epoll_event Create(uint events, ulong data)
        {
            var e = new epoll_event { events = events };
            if (RuntimeInformation.ProcessArchitecture == Architecture.X64)
            {
                e._dataX64 = data;
            }
            else
            {
                e._dataArm64 = data;
            }

            return e;
        }
    }

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial int epoll_ctl(int epfd, int op, int fd, epoll_event* ev);

    /// <summary><paramref name="events"/> holds <paramref name="maxevents"/> × <see cref="epoll_event.Stride"/> bytes.</summary>
    [LibraryImport(LibraryName, SetLastError = true)]
    internal static unsafe partial int epoll_wait(int epfd, void* events, int maxevents, int timeout);
}
