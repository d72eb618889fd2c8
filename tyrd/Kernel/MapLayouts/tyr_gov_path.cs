using System.Runtime.InteropServices;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_gov_path</c> (bpf/lib/maps.h): key of tyr_gov_exes, NUL padded.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct tyr_gov_path
{
    [FieldOffset(0)]
    public fixed byte path[RecordLimits.GovPathMax];
}
