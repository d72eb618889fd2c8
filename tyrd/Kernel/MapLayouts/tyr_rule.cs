using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_rule</c> (bpf/lib/maps.h): the value of every rule map and of tyr_defaults.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct tyr_rule
{
    [FieldOffset(0)]
    public uint rule_id;

    [FieldOffset(4)]
    public byte verdict;

    [FieldOffset(5)]
    public byte severity;

    [FieldOffset(6)]
    public ushort flags;
}
