using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_default_key</c> (bpf/lib/maps.h): key of the tyr_defaults hash.</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
internal struct tyr_default_key
{
    public const int GenOffset = 0;

    [FieldOffset(GenOffset)]
    public byte gen;

    [FieldOffset(1)]
    public byte kind;

    [FieldOffset(2)]
    public ushort scope;
}
