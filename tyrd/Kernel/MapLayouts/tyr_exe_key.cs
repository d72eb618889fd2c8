using System.Runtime.InteropServices;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_exe_key</c> (bpf/lib/maps.h): key of the tyr_exe_rules hash.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct tyr_exe_key
{
    public const int GenOffset = 0;
    public const int PathOffset = 4;

    [FieldOffset(GenOffset)]
    public byte gen;

    [FieldOffset(1)]
    public byte pad;

    [FieldOffset(2)]
    public ushort scope;

    [FieldOffset(PathOffset)]
    public fixed byte path[RecordLimits.ExePathMax];
}
