namespace Tyr.BpfEntries;

/// <summary>
/// The bpf-entries binary format, PolicyPush.bpf_entries (docs/bpf-entries.md). Little-endian.
/// <code>
/// header   magic "TYRE" | u16 version (1) | u16 flags (0) | u32 count | u32 reserved (0)
/// record   u8 map id | u8 reserved (0) | u16 key length | u16 value length | u16 reserved (0)
///          | key bytes | value bytes                      (records packed, no padding)
/// </code>
/// </summary>
public static class BpfEntriesFormat
{
    public const ushort Version = 1;
    public const int HeaderSize = 16;
    public const int RecordHeaderSize = 8;

    /// <summary>Most records one blob may hold (the kernel maps hold fewer per generation anyway).</summary>
    public const int MaxRecords = 1 << 20;

    public static ReadOnlySpan<byte> Magic => "TYRE"u8;

    /// <summary>The header's record count, for reports; 0 for anything too short to have a header. <see cref="BpfEntriesReader"/> checks the rest.</summary>
    public static int CountOf(ReadOnlySpan<byte> blob) =>
        blob.Length >= HeaderSize ? (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]) : 0;
}
