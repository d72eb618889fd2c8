using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_connect_event</c> (bpf/lib/records.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal unsafe struct tyr_connect_event
{
    public const int AddrOffset = 72;

    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public tyr_event_common ev;

    [FieldOffset(64)]
    public ushort family;

    [FieldOffset(66)]
    public ushort port;

    [FieldOffset(68)]
    public byte protocol;

    [FieldOffset(69)]
    public fixed byte pad[3];

    [FieldOffset(AddrOffset)]
    public fixed byte addr[16];
}
