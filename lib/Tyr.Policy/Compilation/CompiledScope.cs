namespace Tyr.Policy.Compilation;

/// <summary>
/// One scope of an effective policy: the base (scope 0) or an agent type's overlay (its
/// <see cref="AgentTypes"/> scope), with its rules made concrete for the host.
/// </summary>
/// <param name="Name">"base" or the agent type.</param>
internal sealed record CompiledScope(string Name, ushort Number, string PolicyName, long? Version, IReadOnlyList<RuleExpansion> Rules)
{
    public bool IsBase => Number == 0;

    /// <summary>The rule_id of the rule at <paramref name="index"/>: scope in the high half, so ids never collide across scopes.</summary>
    public uint KernelRuleId(int index) => ((uint)Number << 16) | (uint)(index + 1);

    /// <summary>
    /// The kernel atoms of other rules of this scope that win over <paramref name="atom"/> of
    /// <paramref name="owner"/> wherever both match: where the kernel's lookup picks another rule.
    /// </summary>
    public List<MatchAtom> Overriding(RuleExpansion owner, MatchAtom atom) =>
        [.. Rules.Where(r => r != owner && r.IsKernel && r.Rule.Operation == owner.Rule.Operation)
            .SelectMany(r => r.Atoms)
            .Where(b => b.IsMoreSpecificThan(atom))
            .Distinct()];
}
