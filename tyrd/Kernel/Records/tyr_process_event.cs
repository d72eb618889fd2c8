using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>
/// Mirror of <c>struct tyr_process_event</c> (bpf/lib/records.h): a process runs a new image (a
/// governed one, or any while discovery is on); sent cut after <c>path_len + 1</c> path bytes.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 4648)]
internal unsafe struct tyr_process_event
{
    public const int ArgsOffset = 24;
    public const int PathOffset = 552;

    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public uint tgid;

    [FieldOffset(20)]
    public ushort path_len;

    [FieldOffset(22)]
    public ushort args_len;

    [FieldOffset(ArgsOffset)]
    public fixed byte args[RecordLimits.ArgsMax];

    [FieldOffset(536)]
    public uint parent_tgid;

    [FieldOffset(540)]
    public ushort scope;

    [FieldOffset(542)]
    public ushort flags;

    [FieldOffset(544)]
    public ulong start_time;

    [FieldOffset(PathOffset)]
    public fixed byte path[RecordLimits.PathMax];
}
