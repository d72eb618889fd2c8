using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Tyr.BpfEntries;
using Tyr.Policy;
using Tyr.Protocol;
using Tyr.Server.Text;

namespace Tyr.Server.Policies;

/// <summary>
/// The entries of a bpf-entries blob for people, one row each: map, scope, kind, what it matches,
/// verdict, severity and rule id. Keys are read back with the offsets of docs/bpf-entries.md.
/// </summary>
internal static class BpfEntryListing
{
    public static readonly string[] Header = ["MAP", "SCOPE", "KIND", "MATCH", "VERDICT", "SEVERITY", "RULE"];

    public static List<string[]> Rows(byte[] blob) => [.. BpfEntriesReader.Read(blob).Select(Row)];

    private static string[] Row(BpfEntry entry)
    {
        var info = BpfEntryMapInfo.Of(entry.Map);
        var key = entry.Key;
        var (scope, kind, match) = entry.Map switch
        {
            BpfEntryMap.PathRules => (Scope(key, 6), (EventKind)key[5], PathMatch(key)),
            BpfEntryMap.ExeRules => (Scope(key, 2), EventKind.Exec, "binary " + NulTerminated(key.AsSpan(BpfKeyLayout.ExePathOffset))),
            BpfEntryMap.Net4Rules or BpfEntryMap.Net6Rules => (Scope(key, 6), EventKind.NetConnect, NetworkMatch(entry.Map, key)),
            BpfEntryMap.Defaults => (Scope(key, 2), (EventKind)key[1], "(unmatched)"),
            _ => ("?", EventKind.Unspecified, "?"),
        };
        var ruleId = BinaryPrimitives.ReadUInt32LittleEndian(entry.Value);
        return
        [
            info.MapName,
            scope,
            ProtoNames.Kind(kind),
            match,
            ProtoNames.Verdict((Verdict)entry.Value[4]),
            ProtoNames.Severity((Severity)entry.Value[5]),
            ruleId.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static string Scope(byte[] key, int offset)
    {
        var scope = BinaryPrimitives.ReadUInt16LittleEndian(key.AsSpan(offset));
        return scope == 0 ? "base" : AgentTypes.NameOf(scope) ?? scope.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>"prefix /etc/" or "exact /etc/passwd" (an exact rule's prefix ends with its NUL).</summary>
    private static string PathMatch(byte[] key)
    {
        var bits = (int)BinaryPrimitives.ReadUInt32LittleEndian(key) - BpfKeyLayout.PathFixedBits;
        var bytes = key.AsSpan(BpfKeyLayout.PathOffset, Math.Clamp(bits / 8, 0, BpfKeyLayout.PathPrefixMax));
        return bytes.Length > 0 && bytes[^1] == 0
            ? "exact " + Encoding.UTF8.GetString(bytes[..^1])
            : "prefix " + Encoding.UTF8.GetString(bytes);
    }

    /// <summary>"10.0.0.0/8 port 22" or "[fd00::]/8 any port".</summary>
    private static string NetworkMatch(BpfEntryMap map, byte[] key)
    {
        var v4 = map == BpfEntryMap.Net4Rules;
        var addressBytes = key.AsSpan(BpfKeyLayout.NetAddrOffset, v4 ? 4 : 16);
        var bits = (int)BinaryPrimitives.ReadUInt32LittleEndian(key) - BpfKeyLayout.NetFixedBits;
        var address = new IPAddress(addressBytes);
        var port = BinaryPrimitives.ReadUInt16BigEndian(key.AsSpan(8));
        var network = v4 ? $"{address}/{bits}" : $"[{address}]/{bits}";
        return network + (port == 0 ? " any port" : string.Create(CultureInfo.InvariantCulture, $" port {port}"));
    }

    private static string NulTerminated(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
