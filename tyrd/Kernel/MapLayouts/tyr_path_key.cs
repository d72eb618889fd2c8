using System.Runtime.InteropServices;
using Tyr.Daemon.Kernel.Records;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>Mirror of <c>struct tyr_path_key</c> (bpf/lib/maps.h): key of the tyr_path_rules LPM trie.</summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal unsafe struct tyr_path_key
{
    public const int GenOffset = 4;
    public const int PathOffset = 8;

    /// <summary>Bits of gen, kind and scope, the part of every prefix that always matches exactly.</summary>
    public const int FixedBits = 32;

    [FieldOffset(0)]
    public uint prefixlen;

    [FieldOffset(GenOffset)]
    public byte gen;

    [FieldOffset(5)]
    public byte kind;

    [FieldOffset(6)]
    public ushort scope;

    [FieldOffset(PathOffset)]
    public fixed byte path[RecordLimits.LpmPathMax];
}
