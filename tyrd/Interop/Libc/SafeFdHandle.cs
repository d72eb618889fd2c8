using Microsoft.Win32.SafeHandles;

namespace Tyr.Daemon.Interop;

/// <summary>A plain file descriptor (epoll, eventfd, a cgroup directory), closed with close(2).</summary>
internal sealed class SafeFdHandle : SafeHandleMinusOneIsInvalid
{
    public SafeFdHandle(int fd)
        : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
