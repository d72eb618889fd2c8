using System.Net;
using System.Text;
using Tyr.BpfEntries;

namespace Tyr.Policy.Compilation;

/// <summary>
/// A rule made concrete for one host: its <c>~</c> patterns expanded, and either the kernel atoms
/// that express it exactly or the reason the kernel cannot.
/// </summary>
internal sealed class RuleExpansion
{
    /// <summary>Ports one rule may expand to in the kernel (one entry per port and network).</summary>
    public const int MaxKernelPorts = 256;

    private RuleExpansion(PolicyRule rule, IReadOnlyList<string> paths, IReadOnlyList<MatchAtom> atoms, string? userspaceReason, string kernelReason)
    {
        Rule = rule;
        Paths = paths;
        Atoms = atoms;
        UserspaceReason = userspaceReason;
        KernelReason = kernelReason;
    }

    public PolicyRule Rule { get; }

    /// <summary>The rule's path patterns with <c>~</c> expanded, as absolute patterns.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>For a kernel rule, its entries; empty for a userspace rule.</summary>
    public IReadOnlyList<MatchAtom> Atoms { get; }

    /// <summary>Null for a kernel rule; otherwise why it is judged in userspace.</summary>
    public string? UserspaceReason { get; }

    public string KernelReason { get; }

    public bool IsKernel => UserspaceReason is null;

    public static RuleExpansion Of(PolicyRule rule, HomeDirectories homes)
    {
        var paths = rule.Paths.SelectMany(p => p.IsHomeRelative ? homes.Expand(p.Text[1..]) : [p.Text]).ToList();
        if (rule.Operation == PolicyOperation.Tls)
        {
            return Userspace(rule, paths, "TLS server names are known only in userspace (Cedar)");
        }

        if (rule.When is not null)
        {
            return Userspace(rule, paths, "it has a `when` condition, which only Cedar can evaluate");
        }

        return rule.Operation switch
        {
            PolicyOperation.Connect => Networks(rule, paths),
            _ => Files(rule, paths),
        };
    }

    private static RuleExpansion Files(PolicyRule rule, List<string> paths)
    {
        var atoms = new List<MatchAtom>();
        foreach (var binary in rule.Binaries)
        {
            if (Encoding.UTF8.GetByteCount(binary) >= BpfKeyLayout.ExePathMax)
            {
                return Userspace(rule, paths, $"the binary `{binary}` is longer than the kernel's {BpfKeyLayout.ExePathMax - 1} bytes");
            }

            atoms.Add(new BinaryAtom(binary));
        }

        foreach (var path in paths)
        {
            var star = path.IndexOf('*', StringComparison.Ordinal);
            if (star >= 0 && star != path.Length - 1)
            {
                return Userspace(rule, paths, $"`{path}` is a glob; the kernel matches path prefixes and exact paths only");
            }

            var atom = star < 0 ? new PathAtom(path, Exact: true) : new PathAtom(path[..^1], Exact: false);
            if (atom.KeyBytes > BpfKeyLayout.PathPrefixMax)
            {
                return Userspace(rule, paths, $"`{path}` is longer than the kernel's {BpfKeyLayout.PathPrefixMax}-byte path keys");
            }

            atoms.Add(atom);
        }

        var what = new List<string>();
        if (rule.Binaries.Count > 0)
        {
            what.Add("exact binaries");
        }

        if (atoms.OfType<PathAtom>().Any(a => !a.Exact))
        {
            what.Add("path prefixes");
        }

        if (atoms.OfType<PathAtom>().Any(a => a.Exact))
        {
            what.Add("exact paths");
        }

        var reason = what.Count == 0
            ? "`~` has no home directories on this host, so the rule matches nothing"
            : $"{string.Join(" and ", what)} are BPF map lookups";
        return new RuleExpansion(rule, paths, atoms, null, reason);
    }

    private static RuleExpansion Networks(PolicyRule rule, List<string> paths)
    {
        var portCount = rule.Ports.Sum(p => p.High - p.Low + 1);
        if (portCount > MaxKernelPorts)
        {
            return Userspace(rule, paths, $"its ports cover {portCount} port numbers; the kernel takes at most {MaxKernelPorts} per rule (one entry each)");
        }

        IEnumerable<IPNetwork> networks = rule.Cidrs.Count > 0
            ? rule.Cidrs.Select(c => c.Network)
            : [new IPNetwork(IPAddress.Any, 0), new IPNetwork(IPAddress.IPv6Any, 0)];
        var ports = rule.Ports.Count > 0
            ? rule.Ports.SelectMany(p => Enumerable.Range(p.Low, p.High - p.Low + 1)).Select(p => (ushort)p).Distinct().ToList()
            : [(ushort)0];
        var atoms = networks.Select(NetAtom.Normalize).Distinct()
            .SelectMany(n => ports.Select(p => (MatchAtom)new NetAtom(n, p)))
            .ToList();
        var reason = rule.Ports.Count > 0 ? "CIDR and port matches are BPF map lookups" : "CIDR matches are BPF map lookups";
        return new RuleExpansion(rule, paths, atoms, null, reason);
    }

    private static RuleExpansion Userspace(PolicyRule rule, List<string> paths, string reason) =>
        new(rule, paths, [], reason, "");
}
