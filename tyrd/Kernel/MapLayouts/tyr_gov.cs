using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_gov</c> (bpf/lib/maps.h): value of tyr_gov_exes and tyr_gov_cgroups.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct tyr_gov
{
    [FieldOffset(0)]
    public uint scope;

    [FieldOffset(4)]
    public uint pad;
}
