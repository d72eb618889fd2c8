using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_exit_event</c> (bpf/lib/records.h): the last thread of a governed group ended.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct tyr_exit_event
{
    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public uint tgid;

    [FieldOffset(20)]
    public uint exit_code;
}
