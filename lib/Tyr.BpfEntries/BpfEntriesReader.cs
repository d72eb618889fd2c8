using System.Buffers.Binary;

namespace Tyr.BpfEntries;

/// <summary>
/// Parses and validates a whole bpf-entries blob before anything reaches the kernel: a bad blob is
/// refused as a whole and the rules in force stay as they are.
/// </summary>
public static class BpfEntriesReader
{
    public static List<BpfEntry> Read(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < BpfEntriesFormat.HeaderSize || !blob[..4].SequenceEqual(BpfEntriesFormat.Magic))
        {
            throw Invalid("not a bpf-entries blob (no TYRE header)", 0);
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
        if (version != BpfEntriesFormat.Version)
        {
            throw Invalid($"format version {version}, this tyrd reads {BpfEntriesFormat.Version}", 4);
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(blob[6..]) != 0 || BinaryPrimitives.ReadUInt32LittleEndian(blob[12..]) != 0)
        {
            throw Invalid("reserved header fields are not zero", 6);
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(blob[8..]);
        if (count > BpfEntriesFormat.MaxRecords)
        {
            throw Invalid($"{count} records, at most {BpfEntriesFormat.MaxRecords}", 8);
        }

        var entries = new List<BpfEntry>((int)count);
        var offset = BpfEntriesFormat.HeaderSize;
        for (var i = 0; i < count; i++)
        {
            if (blob.Length - offset < BpfEntriesFormat.RecordHeaderSize)
            {
                throw Invalid($"record {i} is cut short", offset);
            }

            var record = blob[offset..];
            var id = (BpfEntryMap)record[0];
            if (!BpfEntryMapInfo.IsKnown(record[0]))
            {
                throw Invalid($"record {i} names unknown map id {record[0]}", offset);
            }

            var info = BpfEntryMapInfo.Of(id);
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(record[2..]);
            var valueLength = BinaryPrimitives.ReadUInt16LittleEndian(record[4..]);
            if (record[1] != 0 || BinaryPrimitives.ReadUInt16LittleEndian(record[6..]) != 0)
            {
                throw Invalid($"record {i}: reserved fields are not zero", offset);
            }

            if (keyLength != info.KeySize || valueLength != info.ValueSize)
            {
                throw Invalid(
                    $"record {i}: {info.MapName} takes {info.KeySize}-byte keys and {info.ValueSize}-byte values, not {keyLength} and {valueLength}",
                    offset);
            }

            var length = BpfEntriesFormat.RecordHeaderSize + keyLength + valueLength;
            if (record.Length < length)
            {
                throw Invalid($"record {i} is cut short", offset);
            }

            var key = record.Slice(BpfEntriesFormat.RecordHeaderSize, keyLength).ToArray();
            var value = record.Slice(BpfEntriesFormat.RecordHeaderSize + keyLength, valueLength).ToArray();
            Check(info, key, i, offset);
            entries.Add(new BpfEntry(id, key, value));
            offset += length;
        }

        if (offset != blob.Length)
        {
            throw Invalid($"{blob.Length - offset} bytes after the last record", offset);
        }

        return entries;
    }

    private static void Check(BpfEntryMapInfo info, byte[] key, int index, int offset)
    {
        if (key[info.GenerationOffset] != 0)
        {
            throw Invalid($"record {index}: the generation byte is tyrd's to set and must be 0", offset);
        }

        if (info.IsLpm)
        {
            var prefix = BinaryPrimitives.ReadUInt32LittleEndian(key);
            if (prefix < info.MinPrefixBits || prefix > info.MaxPrefixBits)
            {
                throw Invalid(
                    $"record {index}: {info.MapName} prefix length {prefix} is outside {info.MinPrefixBits}..{info.MaxPrefixBits}",
                    offset);
            }
        }
    }

    private static InvalidDataException Invalid(string what, int offset) => new($"bpf entries: {what} (at byte {offset})");
}
