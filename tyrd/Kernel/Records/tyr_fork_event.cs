using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>struct tyr_fork_event</c> (bpf/lib/records.h): a governed process forked.</summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct tyr_fork_event
{
    [FieldOffset(0)]
    public tyr_msg_header hdr;

    [FieldOffset(16)]
    public uint tgid;

    [FieldOffset(20)]
    public uint parent_tgid;
}
