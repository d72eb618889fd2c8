using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_file_event</c> (bpf/lib/records.h); sent cut after <c>path_len + 1</c> path bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4168)]
internal unsafe struct tyr_file_event
{
    public const int PathOffset = 72;

    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public tyr_event_common ev;

    [FieldOffset(64)]
    public uint open_flags;

    [FieldOffset(68)]
    public ushort path_len;

    [FieldOffset(70)]
    public ushort pad;

    [FieldOffset(PathOffset)]
    public fixed byte path[RecordLimits.PathMax];
}
