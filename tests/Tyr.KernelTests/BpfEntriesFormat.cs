using System.Buffers.Binary;
using System.Net;
using Tyr.BpfEntries;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>The bpf-entries format (docs/bpf-entries.md): what the writer emits, the reader takes.</summary>
public sealed class BpfEntriesFormat
{
    [Fact]
    public void The_writer_emits_what_the_reader_takes()
    {
        var writer = new BpfEntriesWriter();
        writer.AddPathPrefix(0, EventKind.FileWrite, "/etc/", new BpfRule(1, Verdict.Deny, Severity.High));
        writer.AddExactPath(2, EventKind.FileRead, "/etc/shadow", new BpfRule(2, Verdict.Alert));
        writer.AddBinary(0, "/usr/bin/curl", new BpfRule(3, Verdict.Deny));
        writer.AddNetwork(0, IPNetwork.Parse("10.0.0.0/8"), 443, new BpfRule(4, Verdict.Deny));
        writer.AddNetwork(1, IPNetwork.Parse("2001:db8::/32"), 0, new BpfRule(5, Verdict.Allow));
        writer.AddDefault(0, EventKind.NetConnect, new BpfRule(6, Verdict.Deny));
        var blob = writer.ToArray();

        Assert.Equal("TYRE"u8.ToArray(), blob[..4]);
        var entries = BpfEntriesReader.Read(blob);
        Assert.Equal(
            [BpfEntryMap.PathRules, BpfEntryMap.PathRules, BpfEntryMap.ExeRules, BpfEntryMap.Net4Rules, BpfEntryMap.Net6Rules, BpfEntryMap.Defaults],
            entries.Select(e => e.Map));

        var prefix = entries[0].Key;
        Assert.Equal(32u + (5 * 8), BinaryPrimitives.ReadUInt32LittleEndian(prefix));
        Assert.Equal((byte)EventKind.FileWrite, prefix[5]);
        Assert.Equal("/etc/"u8.ToArray(), prefix[8..13]);

        var exact = entries[1].Key;
        Assert.Equal(32u + (12 * 8), BinaryPrimitives.ReadUInt32LittleEndian(exact)); // the NUL is part of it
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(exact.AsSpan(6)));

        var net4 = entries[3].Key;
        Assert.Equal(48u + 8, BinaryPrimitives.ReadUInt32LittleEndian(net4));
        Assert.Equal(443, BinaryPrimitives.ReadUInt16BigEndian(net4.AsSpan(8)));
        Assert.Equal(10, net4[10]);

        Assert.Equal([4, 0, 0, 0, (byte)Verdict.Deny, (byte)Severity.Medium, 0, 0], entries[3].Value);
    }

    [Fact]
    public void An_IPv4_mapped_network_is_written_as_an_IPv4_rule()
    {
        var writer = new BpfEntriesWriter();
        writer.AddNetwork(0, IPNetwork.Parse("::ffff:192.168.0.0/112"), 0, new BpfRule(1, Verdict.Deny));
        var entry = Assert.Single(BpfEntriesReader.Read(writer.ToArray()));
        Assert.Equal(BpfEntryMap.Net4Rules, entry.Map);
        Assert.Equal(48u + 16, BinaryPrimitives.ReadUInt32LittleEndian(entry.Key));
    }

    [Fact]
    public void An_empty_policy_is_a_header_alone()
    {
        var blob = new BpfEntriesWriter().ToArray();
        Assert.Equal(16, blob.Length);
        Assert.Empty(BpfEntriesReader.Read(blob));
    }

    public static TheoryData<string, Func<byte[], byte[]>> Corruptions() => new()
    {
        { "magic", b => { b[0] = (byte)'X'; return b; } },
        { "version", b => { b[4] = 2; return b; } },
        { "count", b => { b[8]++; return b; } },
        { "map id", b => { b[16] = 9; return b; } },
        { "key length", b => { b[18]++; return b; } },
        { "generation byte", b => { b[16 + 8 + 4] = 1; return b; } },
        { "prefix shorter than generation, kind and scope", b => { BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), 16); return b; } },
        { "trailing bytes", b => [.. b, 0] },
        { "cut short", b => b[..^1] },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_corrupt_blob_is_refused_as_a_whole(string what, Func<byte[], byte[]> corrupt)
    {
        var writer = new BpfEntriesWriter();
        writer.AddPathPrefix(0, EventKind.FileWrite, "/etc/", new BpfRule(1, Verdict.Deny));
        var error = Assert.Throws<InvalidDataException>(() => BpfEntriesReader.Read(corrupt(writer.ToArray())));
        Assert.StartsWith("bpf entries: ", error.Message);
        Assert.NotNull(what);
    }
}
