using Tyr.BpfEntries;
using Tyr.Protocol;

namespace Tyr.Policy.Compilation;

/// <summary>
/// Compiles policies into what tyrd enforces: BPF map entries for the rules the kernel can judge
/// (path prefixes, exact paths and binaries, networks and ports, with no condition) and Cedar text
/// that states the whole policy, for the rest and for re-checking any verdict later.
/// </summary>
public static class PolicyCompiler
{
    private static readonly EventKind[] s_kernelKinds = [EventKind.FileRead, EventKind.FileWrite, EventKind.Exec, EventKind.NetConnect];

    /// <summary>The effective policy of one daemon. No base and no overlay is deny-by-default.</summary>
    public static CompiledPolicy Compile(CompileInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var scopes = new List<CompiledScope>();
        if (input.Base is { } document)
        {
            scopes.Add(Scope(CedarVocabularyBase, 0, document, input.BaseVersion, input.Homes));
        }

        foreach (var overlay in input.Overlays.OrderBy(o => ScopeOf(o.AgentType)))
        {
            scopes.Add(Scope(overlay.AgentType, ScopeOf(overlay.AgentType), overlay.Document, overlay.Version, input.Homes));
        }

        var hasBase = input.Base is not null;
        var denyByDefault = !hasBase && scopes.Count == 0;
        var cedar = CedarPolicyWriter.Write(scopes, hasBase, input.Homes);
        var (entries, routes) = Entries(scopes, hasBase, denyByDefault);
        return new CompiledPolicy(cedar, entries, denyByDefault, routes);
    }

    /// <summary>One document as a daemon's base: what <c>tyr-server compile</c> prints and a stored version holds.</summary>
    public static CompiledPolicy CompileDocument(PolicyDocument document, HomeDirectories homes) =>
        Compile(new CompileInput(document, null, [], homes));

    private const string CedarVocabularyBase = Evaluation.CedarVocabulary.BaseScope;

    private static ushort ScopeOf(string agentType) =>
        AgentTypes.TryGetScope(agentType, out var scope) ? scope : throw new ArgumentException(AgentTypes.UnknownMessage(agentType), nameof(agentType));

    private static CompiledScope Scope(string name, ushort number, PolicyDocument document, long? version, HomeDirectories homes) =>
        new(name, number, document.Name, version, [.. document.Rules.Select(r => RuleExpansion.Of(r, homes))]);

    private static (byte[] Entries, List<RuleRoute> Routes) Entries(List<CompiledScope> scopes, bool hasBase, bool denyByDefault)
    {
        var writer = new BpfEntriesWriter();
        var routes = new List<RuleRoute>();
        if (denyByDefault)
        {
            // PolicyPush.deny_by_default puts the kernel's deny-all state in force; no entries needed.
            return (writer.ToArray(), routes);
        }

        foreach (var scope in scopes)
        {
            // One entry per key: the strictest rule claims it, the earlier one on a tie, as Cedar decides.
            var claims = new Dictionary<(EventKind, MatchAtom), (BpfRule Rule, int Index)>();
            for (var i = 0; i < scope.Rules.Count; i++)
            {
                var expansion = scope.Rules[i];
                var id = scope.KernelRuleId(i);
                if (!expansion.IsKernel)
                {
                    routes.Add(new RuleRoute(scope.Name, expansion.Rule.Id, id, RuleLayer.Userspace, expansion.UserspaceReason!, 0));
                    continue;
                }

                var value = new BpfRule(id, VerdictOf(expansion.Rule.Effect), SeverityOf(expansion.Rule.Severity));
                var kind = KindOf(expansion.Rule.Operation);
                foreach (var atom in expansion.Atoms)
                {
                    if (!claims.TryGetValue((kind, atom), out var held) || Rank(value.Verdict) > Rank(held.Rule.Verdict))
                    {
                        claims[(kind, atom)] = (value, i);
                    }
                }

                routes.Add(new RuleRoute(scope.Name, expansion.Rule.Id, id, RuleLayer.Kernel, expansion.KernelReason, expansion.Atoms.Distinct().Count()));
            }

            foreach (var ((kind, atom), (rule, _)) in claims.OrderBy(c => c.Value.Index))
            {
                Write(writer, scope.Number, kind, atom, rule);
            }
        }

        if (!hasBase)
        {
            // No base policy: what no overlay governs is denied; an overlay's processes get their overlay alone.
            foreach (var kind in s_kernelKinds)
            {
                writer.AddDefault(0, kind, new BpfRule(0, Verdict.Deny, Severity.High, BpfRule.NoBase));
                foreach (var scope in scopes)
                {
                    writer.AddDefault(scope.Number, kind, new BpfRule(0, Verdict.Allow, Severity.Info));
                }
            }
        }

        return (writer.ToArray(), routes);
    }

    private static void Write(BpfEntriesWriter writer, ushort scope, EventKind kind, MatchAtom atom, BpfRule rule)
    {
        switch (atom)
        {
            case PathAtom { Exact: true } path:
                writer.AddExactPath(scope, kind, path.Path, rule);
                break;
            case PathAtom path:
                writer.AddPathPrefix(scope, kind, path.Path, rule);
                break;
            case BinaryAtom binary:
                writer.AddBinary(scope, binary.Path, rule);
                break;
            case NetAtom net:
                writer.AddNetwork(scope, net.Network, net.Port, rule);
                break;
        }
    }

    private static int Rank(Verdict verdict) => verdict switch
    {
        Verdict.Deny => 3,
        Verdict.Alert => 2,
        _ => 1,
    };

    internal static Verdict VerdictOf(PolicyEffect effect) => effect switch
    {
        PolicyEffect.Deny => Verdict.Deny,
        PolicyEffect.Alert => Verdict.Alert,
        _ => Verdict.Allow,
    };

    internal static Severity SeverityOf(PolicySeverity severity) => (Severity)((int)severity + 1);

    internal static EventKind KindOf(PolicyOperation operation) => operation switch
    {
        PolicyOperation.FileRead => EventKind.FileRead,
        PolicyOperation.FileWrite => EventKind.FileWrite,
        PolicyOperation.Exec => EventKind.Exec,
        PolicyOperation.Connect => EventKind.NetConnect,
        _ => EventKind.Tls,
    };
}
