using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_net4_key</c> (bpf/lib/maps.h): key of the tyr_net4_rules LPM trie.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal unsafe struct tyr_net4_key
{
    public const int GenOffset = 4;
    public const int AddrOffset = 10;

    /// <summary>Bits of gen, pad, scope and port: the part of every prefix that always matches exactly.</summary>
    public const int FixedBits = 48;

    [FieldOffset(0)]
    public uint prefixlen;

    [FieldOffset(GenOffset)]
    public byte gen;

    [FieldOffset(5)]
    public byte pad;

    [FieldOffset(6)]
    public ushort scope;

    [FieldOffset(8)]
    public ushort port;

    [FieldOffset(AddrOffset)]
    public fixed byte addr[4];

    [FieldOffset(14)]
    public fixed byte pad2[2];
}
