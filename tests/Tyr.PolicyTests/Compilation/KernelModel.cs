using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tyr.BpfEntries;
using Tyr.Policy;
using Tyr.Policy.Evaluation;

namespace Tyr.PolicyTests.Compilation;

/// <summary>
/// The kernel's judging (bpf/lib/policy.h) restated over decoded bpf-entries: the reference the
/// compiled Cedar must agree with. Kept literal on purpose: byte keys, LPM by longest prefix, a
/// binary before the EXEC prefixes, the port-specific lookup before the any-port one, the
/// strictest of base and overlay, then the defaults (with TYR_RULE_F_NO_BASE).
/// </summary>
internal sealed class KernelModel(IReadOnlyList<BpfEntry> entries)
{
    public readonly record struct Rule(uint RuleId, byte Verdict, byte Severity, ushort Flags);

    public static KernelModel Of(byte[] blob) => new(BpfEntriesReader.Read(blob));

    /// <summary>The rule that decides, or null when the operation is allowed by default.</summary>
    public Rule? Judge(PolicyOperation operation, string resource, ushort scope)
    {
        var kind = (byte)(operation switch
        {
            PolicyOperation.FileRead => 1,
            PolicyOperation.FileWrite => 2,
            PolicyOperation.Exec => 3,
            _ => 4,
        });
        Rule? decision = null;
        Take(ref decision, Match(kind, resource, 0));
        if (scope != 0)
        {
            Take(ref decision, Match(kind, resource, scope));
        }

        if (decision is not null)
        {
            return decision;
        }

        var baseDefault = Default(kind, 0);
        var scopeDefault = scope != 0 ? Default(kind, scope) : null;
        if (scopeDefault is not null && baseDefault is { } b && (b.Flags & BpfRule.NoBase) != 0)
        {
            baseDefault = null;
        }

        Take(ref decision, baseDefault);
        Take(ref decision, scopeDefault);
        return decision;
    }

    private static int Rank(byte verdict) => verdict switch
    {
        2 => 3,
        3 => 2,
        1 => 1,
        _ => 0,
    };

    private static void Take(ref Rule? decision, Rule? rule)
    {
        if (rule is { } r && (decision is null || Rank(r.Verdict) > Rank(decision.Value.Verdict)))
        {
            decision = r;
        }
    }

    private Rule? Match(byte kind, string resource, ushort scope) => kind switch
    {
        3 => Binary(resource, scope) ?? Prefix(kind, resource, scope),
        4 => Network(resource, scope),
        _ => Prefix(kind, resource, scope),
    };

    private Rule? Prefix(byte kind, string path, ushort scope)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        var candidate = bytes.AsSpan(0, Math.Min(bytes.Length, BpfKeyLayout.PathPrefixMax));
        Rule? best = null;
        var bestLength = -1;
        foreach (var e in entries.Where(e => e.Map == BpfEntryMap.PathRules))
        {
            var prefixBytes = ((int)BinaryPrimitives.ReadUInt32LittleEndian(e.Key) - BpfKeyLayout.PathFixedBits) / 8;
            if (e.Key[5] != kind || BinaryPrimitives.ReadUInt16LittleEndian(e.Key.AsSpan(6)) != scope)
            {
                continue;
            }

            if (prefixBytes <= candidate.Length && candidate[..prefixBytes].SequenceEqual(e.Key.AsSpan(BpfKeyLayout.PathOffset, prefixBytes)) && prefixBytes > bestLength)
            {
                best = RuleOf(e.Value);
                bestLength = prefixBytes;
            }
        }

        return best;
    }

    private Rule? Binary(string path, ushort scope)
    {
        foreach (var e in entries.Where(e => e.Map == BpfEntryMap.ExeRules))
        {
            var keyPath = Encoding.UTF8.GetString(e.Key.AsSpan(BpfKeyLayout.ExePathOffset).TrimEnd((byte)0));
            if (BinaryPrimitives.ReadUInt16LittleEndian(e.Key.AsSpan(2)) == scope && keyPath == path)
            {
                return RuleOf(e.Value);
            }
        }

        return null;
    }

    private Rule? Network(string endpoint, ushort scope)
    {
        if (!PolicyJudge.TryParseEndpoint(endpoint, out var address, out var port))
        {
            return null;
        }

        var v4 = address.AddressFamily == AddressFamily.InterNetwork;
        var map = v4 ? BpfEntryMap.Net4Rules : BpfEntryMap.Net6Rules;
        return NetworkLookup(map, address, (ushort)port, scope) ?? NetworkLookup(map, address, 0, scope);
    }

    private Rule? NetworkLookup(BpfEntryMap map, IPAddress address, ushort port, ushort scope)
    {
        Rule? best = null;
        var bestBits = -1;
        var addressBytes = address.GetAddressBytes();
        foreach (var e in entries.Where(e => e.Map == map))
        {
            var bits = (int)BinaryPrimitives.ReadUInt32LittleEndian(e.Key) - BpfKeyLayout.NetFixedBits;
            if (BinaryPrimitives.ReadUInt16LittleEndian(e.Key.AsSpan(6)) != scope || BinaryPrimitives.ReadUInt16BigEndian(e.Key.AsSpan(8)) != port)
            {
                continue;
            }

            var network = new IPNetwork(new IPAddress(e.Key.AsSpan(BpfKeyLayout.NetAddrOffset, addressBytes.Length)), bits);
            if (network.Contains(address) && bits > bestBits)
            {
                best = RuleOf(e.Value);
                bestBits = bits;
            }
        }

        return best;
    }

    private Rule? Default(byte kind, ushort scope)
    {
        foreach (var e in entries.Where(e => e.Map == BpfEntryMap.Defaults))
        {
            if (e.Key[1] == kind && BinaryPrimitives.ReadUInt16LittleEndian(e.Key.AsSpan(2)) == scope)
            {
                return RuleOf(e.Value);
            }
        }

        return null;
    }

    private static Rule RuleOf(byte[] value) =>
        new(BinaryPrimitives.ReadUInt32LittleEndian(value), value[4], value[5], BinaryPrimitives.ReadUInt16LittleEndian(value.AsSpan(6)));
}
