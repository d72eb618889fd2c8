using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_event_common</c> (bpf/lib/records.h): who did what, and the verdict.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
internal unsafe struct tyr_event_common
{
    public const int CommOffset = 32;
    public const int CommLength = 16;

    [FieldOffset(0)]
    public uint tgid;

    [FieldOffset(4)]
    public uint tid;

    [FieldOffset(8)]
    public uint uid;

    [FieldOffset(12)]
    public ushort scope;

    [FieldOffset(14)]
    public byte kind;

    [FieldOffset(15)]
    public byte verdict;

    [FieldOffset(16)]
    public byte severity;

    [FieldOffset(17)]
    public byte hook;

    [FieldOffset(18)]
    public ushort flags;

    [FieldOffset(20)]
    public uint rule_id;

    [FieldOffset(24)]
    public ulong policy_version;

    [FieldOffset(CommOffset)]
    public fixed byte comm[CommLength];
}
