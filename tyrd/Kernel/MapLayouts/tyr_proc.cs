using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_proc</c> (bpf/lib/maps.h): a governed thread group in tyr_procs.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct tyr_proc
{
    /// <summary>tag_exec_id of a group tyrd tagged itself (not at an exec).</summary>
    public const ulong NotTaggedAtExec = ulong.MaxValue;

    [FieldOffset(0)]
    public uint scope;

    [FieldOffset(4)]
    public uint flags;

    [FieldOffset(8)]
    public ulong tag_exec_id;
}
