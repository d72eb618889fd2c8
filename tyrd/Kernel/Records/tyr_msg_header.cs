using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_msg_header</c> (bpf/lib/records.h): the start of every ring-buffer record.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct tyr_msg_header
{
    [FieldOffset(0)]
    public byte op;

    [FieldOffset(1)]
    public byte flags;

    [FieldOffset(2)]
    public ushort pad;

    [FieldOffset(4)]
    public uint size;

    [FieldOffset(8)]
    public ulong ktime;
}
