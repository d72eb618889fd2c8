using Tyr.Protocol;

namespace Tyr.BpfEntries;

/// <summary>What a rule says when it matches (the value of every rule map, struct tyr_rule).</summary>
/// <param name="RuleId">Reported with the event (metadata "rule_id"); 0 means "no rule".</param>
/// <param name="Flags">struct tyr_rule.flags: <see cref="NoBase"/> or 0.</param>
public readonly record struct BpfRule(uint RuleId, Verdict Verdict, Severity Severity = Severity.Medium, ushort Flags = 0)
{
    /// <summary>
    /// TYR_RULE_F_NO_BASE, on a base-scope default: the daemon has no base policy, so a process whose
    /// overlay scope has a default of its own is judged by that default alone (docs/bpf-entries.md).
    /// </summary>
    public const ushort NoBase = 1;
}
