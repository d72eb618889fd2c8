using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tyr.Protocol;

namespace Tyr.BpfEntries;

/// <summary>
/// Builds a bpf-entries blob (docs/bpf-entries.md): what the server's policy compiler emits and
/// tyrd loads without interpretation. Keys are laid out as the kernel structs in bpf/lib/maps.h,
/// generation byte 0; multi-byte integers little-endian except ports (network order).
/// </summary>
public sealed class BpfEntriesWriter
{
    private readonly ArrayBufferWriter<byte> _records = new();

    public int Count { get; private set; }

    /// <summary>Any entry, key and value given as bytes.</summary>
    public void Add(BpfEntryMap map, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var info = BpfEntryMapInfo.Of(map);
        if (key.Length != info.KeySize || value.Length != info.ValueSize)
        {
            throw new ArgumentException($"{info.MapName} takes {info.KeySize}-byte keys and {info.ValueSize}-byte values");
        }

        var span = _records.GetSpan(BpfEntriesFormat.RecordHeaderSize + key.Length + value.Length);
        span[..BpfEntriesFormat.RecordHeaderSize].Clear();
        span[0] = (byte)map;
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], (ushort)key.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], (ushort)value.Length);
        key.CopyTo(span[BpfEntriesFormat.RecordHeaderSize..]);
        value.CopyTo(span[(BpfEntriesFormat.RecordHeaderSize + key.Length)..]);
        _records.Advance(BpfEntriesFormat.RecordHeaderSize + key.Length + value.Length);
        Count++;
    }

    /// <summary>FILE_READ, FILE_WRITE or EXEC on every path that starts with <paramref name="prefix"/> (bytewise: end a directory with "/").</summary>
    public void AddPathPrefix(ushort scope, EventKind kind, string prefix, BpfRule rule) =>
        AddPath(scope, kind, Encoding.UTF8.GetBytes(prefix), rule);

    /// <summary>FILE_READ, FILE_WRITE or EXEC on exactly <paramref name="path"/> (the prefix includes the NUL).</summary>
    public void AddExactPath(ushort scope, EventKind kind, string path, BpfRule rule) =>
        AddPath(scope, kind, Encoding.UTF8.GetBytes(path + "\0"), rule);

    /// <summary>EXEC of exactly this binary (a hash lookup, before the path prefixes).</summary>
    public void AddBinary(ushort scope, string path, BpfRule rule)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length >= BpfKeyLayout.ExePathMax)
        {
            throw new ArgumentException($"a binary path is at most {BpfKeyLayout.ExePathMax - 1} bytes: {path}");
        }

        Span<byte> key = stackalloc byte[BpfEntryMapInfo.Of(BpfEntryMap.ExeRules).KeySize];
        key.Clear();
        BinaryPrimitives.WriteUInt16LittleEndian(key[2..], scope);
        bytes.CopyTo(key[BpfKeyLayout.ExePathOffset..]);
        Add(BpfEntryMap.ExeRules, key, Value(rule));
    }

    /// <summary>NET_CONNECT to <paramref name="network"/>, on <paramref name="port"/> only or any port (0).</summary>
    public void AddNetwork(ushort scope, IPNetwork network, ushort port, BpfRule rule)
    {
        var address = network.BaseAddress;
        var bits = network.PrefixLength;
        if (address.IsIPv4MappedToIPv6 && bits >= 96)
        {
            // The kernel judges ::ffff:a.b.c.d by the IPv4 rules.
            address = address.MapToIPv4();
            bits -= 96;
        }

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var map = v4 ? BpfEntryMap.Net4Rules : BpfEntryMap.Net6Rules;
        var info = BpfEntryMapInfo.Of(map);
        Span<byte> key = stackalloc byte[info.KeySize];
        key.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(key, (uint)(info.MinPrefixBits + bits));
        BinaryPrimitives.WriteUInt16LittleEndian(key[6..], scope);
        BinaryPrimitives.WriteUInt16BigEndian(key[8..], port);
        address.TryWriteBytes(key[BpfKeyLayout.NetAddrOffset..], out _);
        Add(map, key, Value(rule));
    }

    /// <summary>What <paramref name="scope"/> says about <paramref name="kind"/> when none of its rules match.</summary>
    public void AddDefault(ushort scope, EventKind kind, BpfRule rule)
    {
        Span<byte> key = stackalloc byte[BpfEntryMapInfo.Of(BpfEntryMap.Defaults).KeySize];
        key.Clear();
        key[1] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(key[2..], scope);
        Add(BpfEntryMap.Defaults, key, Value(rule));
    }

    public byte[] ToArray()
    {
        var blob = new byte[BpfEntriesFormat.HeaderSize + _records.WrittenCount];
        BpfEntriesFormat.Magic.CopyTo(blob);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), BpfEntriesFormat.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), (uint)Count);
        _records.WrittenSpan.CopyTo(blob.AsSpan(BpfEntriesFormat.HeaderSize));
        return blob;
    }

    private void AddPath(ushort scope, EventKind kind, byte[] bytes, BpfRule rule)
    {
        if (kind is not (EventKind.FileRead or EventKind.FileWrite or EventKind.Exec))
        {
            throw new ArgumentException($"path rules are for FILE_READ, FILE_WRITE and EXEC, not {kind}");
        }

        if (bytes.Length > BpfKeyLayout.PathPrefixMax)
        {
            throw new ArgumentException($"a path rule is at most {BpfKeyLayout.PathPrefixMax} bytes");
        }

        Span<byte> key = stackalloc byte[BpfEntryMapInfo.Of(BpfEntryMap.PathRules).KeySize];
        key.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(key, (uint)(BpfKeyLayout.PathFixedBits + (bytes.Length * 8)));
        key[5] = (byte)kind;
        BinaryPrimitives.WriteUInt16LittleEndian(key[6..], scope);
        bytes.CopyTo(key[BpfKeyLayout.PathOffset..]);
        Add(BpfEntryMap.PathRules, key, Value(rule));
    }

    private static byte[] Value(BpfRule rule)
    {
        var value = new byte[BpfEntryMapInfo.RuleSize];
        BinaryPrimitives.WriteUInt32LittleEndian(value, rule.RuleId);
        value[4] = (byte)rule.Verdict;
        value[5] = (byte)rule.Severity;
        BinaryPrimitives.WriteUInt16LittleEndian(value.AsSpan(6), rule.Flags);
        return value;
    }
}
