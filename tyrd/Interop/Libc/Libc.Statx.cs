using System.Runtime.InteropServices;

namespace Tyr.Daemon.Interop;

internal static partial class Libc
{
    internal const int AT_FDCWD = -100;
    internal const uint STATX_MODE = 0x2;
    internal const uint STATX_UID = 0x8;
    internal const uint STATX_INO = 0x100;

    /// <summary>
    /// <c>struct statx</c> (uapi linux/stat.h), the same on every architecture, unlike struct stat.
    /// Only the fields used here are named.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct statx_buf
    {
        [FieldOffset(0)]
        public uint stx_mask;

        [FieldOffset(20)]
        public uint stx_uid;

        [FieldOffset(28)]
        public ushort stx_mode;

        [FieldOffset(32)]
        public ulong stx_ino;

        [FieldOffset(136)]
        public uint stx_dev_major;

        [FieldOffset(140)]
        public uint stx_dev_minor;
    }

    [LibraryImport(LibraryName, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int statx(int dirfd, string pathname, int flags, uint mask, statx_buf* statxbuf);
}
