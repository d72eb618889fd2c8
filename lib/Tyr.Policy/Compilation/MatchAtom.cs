using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tyr.Policy.Compilation;

/// <summary>
/// One thing a kernel rule matches, as one map entry: a path prefix, an exact path, an exact
/// binary or a network and port. Specificity between atoms is the kernel's (bpf/lib/policy.h):
/// the compiler uses it to write Cedar that picks the same rule as the map lookup.
/// </summary>
internal abstract record MatchAtom
{
    /// <summary>True when this atom wins over <paramref name="other"/> for every operation both match, and some operation matches both.</summary>
    public abstract bool IsMoreSpecificThan(MatchAtom other);

    /// <summary>The Cedar expression that holds exactly when the operation matches this atom.</summary>
    public abstract string ToCedar();
}

/// <summary>A path prefix (bytewise) or, with <see cref="Exact"/>, one path: map tyr_path_rules.</summary>
internal sealed record PathAtom(string Path, bool Exact) : MatchAtom
{
    /// <summary>Key bytes: the prefix, plus the NUL for an exact path.</summary>
    public int KeyBytes => Encoding.UTF8.GetByteCount(Path) + (Exact ? 1 : 0);

    public override bool IsMoreSpecificThan(MatchAtom other) => other switch
    {
        // The longer LPM key wins; an exact path's key has one byte more than the same prefix.
        PathAtom p => KeyBytes > p.KeyBytes && Path.StartsWith(p.Path, StringComparison.Ordinal) && (!p.Exact || (Exact && Path == p.Path)),
        _ => false,
    };

    public override string ToCedar() => Exact
        ? $"context.path == {CedarLiteral.String(Path)}"
        : $"context.path like {CedarLiteral.Prefix(Path)}";
}

/// <summary>Exactly this executable: map tyr_exe_rules, looked up before the EXEC path prefixes.</summary>
internal sealed record BinaryAtom(string Path) : MatchAtom
{
    public override bool IsMoreSpecificThan(MatchAtom other) => other switch
    {
        PathAtom p => p.Exact ? p.Path == Path : Path.StartsWith(p.Path, StringComparison.Ordinal),
        _ => false,
    };

    public override string ToCedar() => $"context.path == {CedarLiteral.String(Path)}";
}

/// <summary>A network, on one port or any (0): maps tyr_net4_rules and tyr_net6_rules.</summary>
internal sealed record NetAtom(IPNetwork Network, ushort Port) : MatchAtom
{
    /// <summary>IPv4-mapped IPv6 networks become IPv4: the kernel judges mapped destinations by the IPv4 rules.</summary>
    public static IPNetwork Normalize(IPNetwork network)
    {
        var address = network.BaseAddress;
        if (address.IsIPv4MappedToIPv6 && network.PrefixLength >= 96)
        {
            return new IPNetwork(address.MapToIPv4(), network.PrefixLength - 96);
        }

        return network;
    }

    public override bool IsMoreSpecificThan(MatchAtom other)
    {
        if (other is not NetAtom n || n.Network.BaseAddress.AddressFamily != Network.BaseAddress.AddressFamily)
        {
            return false;
        }

        // Networks in an LPM trie either nest or are disjoint.
        var overlap = n.Network.Contains(Network.BaseAddress) || Network.Contains(n.Network.BaseAddress);
        if (!overlap)
        {
            return false;
        }

        if (Port != 0 && n.Port == 0)
        {
            // Looked up with the port first: any port-specific match beats every any-port one.
            return true;
        }

        return Port == n.Port && Network.PrefixLength > n.Network.PrefixLength;
    }

    public bool IsV4 => Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork;

    public override string ToCedar()
    {
        var range = $"context.addr.isInRange(ip({CedarLiteral.String(Network.ToString())}))";
        return Port == 0 ? range : $"{range} && context.port == {Port}";
    }
}
