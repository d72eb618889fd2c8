namespace Tyr.Daemon.Kernel.Records;

/// <summary><c>enum tyr_event_flags</c> (bpf/lib/records.h): <see cref="tyr_event_common.flags"/>.</summary>
[Flags]
internal enum TyrEventFlags : ushort
{
    None = 0,
    Enforced = 1 << 0,
    DenyAll = 1 << 1,
    Default = 1 << 2,
    WouldDeny = 1 << 3,
    PathRelative = 1 << 4,
    PathTruncated = 1 << 5,
    PathMissing = 1 << 6,
    Cgroup = 1 << 7,
    V4Mapped = 1 << 8,
    Unstable = 1 << 9,
}
