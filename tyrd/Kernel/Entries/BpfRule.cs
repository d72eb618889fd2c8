using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Entries;

/// <summary>What a rule says when it matches (the value of every rule map, struct tyr_rule).</summary>
/// <param name="RuleId">Reported with the event (metadata "rule_id"); 0 means "no rule".</param>
internal readonly record struct BpfRule(uint RuleId, Verdict Verdict, Severity Severity = Severity.Medium);
