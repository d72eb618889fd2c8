using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_exec_event</c> (bpf/lib/records.h); sent cut after <c>path_len + 1</c> path bytes.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4680)]
internal unsafe struct tyr_exec_event
{
    public const int ArgsOffset = 72;
    public const int PathOffset = 584;

    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public tyr_event_common ev;

    [FieldOffset(64)]
    public ushort path_len;

    [FieldOffset(66)]
    public ushort args_len;

    [FieldOffset(68)]
    public uint pad;

    [FieldOffset(ArgsOffset)]
    public fixed byte args[RecordLimits.ArgsMax];

    [FieldOffset(PathOffset)]
    public fixed byte path[RecordLimits.PathMax];
}
