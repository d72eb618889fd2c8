using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>
/// Mirror of <c>struct tyr_meta</c> (bpf/lib/maps.h), the single entry of tyr_meta: whose pinned
/// maps these are and which layout their bytes have.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal unsafe struct tyr_meta
{
    /// <summary>TYR_LAYOUT_VERSION of bpf/lib/maps.h; bump both together.</summary>
    public const uint LayoutVersion = 1;

    /// <summary>"tyr-pin" and a NUL.</summary>
    public static ReadOnlySpan<byte> Magic => "tyr-pin\0"u8;

    [FieldOffset(0)]
    public fixed byte magic[8];

    [FieldOffset(8)]
    public uint layout;

    [FieldOffset(12)]
    public uint pad;

    public static tyr_meta Ours()
    {
        var meta = new tyr_meta { layout = LayoutVersion };
        Magic.CopyTo(new Span<byte>(meta.magic, 8));
        return meta;
    }

    public readonly bool IsOurs(out uint layoutVersion)
    {
        layoutVersion = layout;
        fixed (byte* bytes = magic)
        {
            return new ReadOnlySpan<byte>(bytes, 8).SequenceEqual(Magic);
        }
    }
}
