using System.Text;
using Tyr.BpfEntries;

namespace Tyr.Policy.Compilation;

/// <summary>Where a rule is enforced.</summary>
public enum RuleLayer
{
    /// <summary>BPF map entries: judged in the kernel, before the operation happens.</summary>
    Kernel,

    /// <summary>Cedar in tyrd: judged from the event, after the operation.</summary>
    Userspace,
}

/// <summary>The routing decision for one rule, and why.</summary>
/// <param name="Scope">"base" or the overlay's agent type.</param>
/// <param name="KernelRuleId">The rule_id the kernel reports for it (metadata "rule_id"); also set for userspace rules, for reference.</param>
/// <param name="KernelEntries">Map entries the rule produced; 0 for a userspace rule.</param>
public sealed record RuleRoute(string Scope, string RuleId, uint KernelRuleId, RuleLayer Layer, string Reason, int KernelEntries);

/// <summary>
/// A compiled policy: the Cedar text that states its whole meaning, the BPF entries for the rules
/// the kernel can enforce, and the routing of every rule.
/// </summary>
public sealed record CompiledPolicy(string CedarText, byte[] BpfEntries, bool DenyByDefault, IReadOnlyList<RuleRoute> Routes)
{
    /// <summary>Entries in <see cref="BpfEntries"/> (the header's count).</summary>
    public int EntryCount => BpfEntriesFormat.CountOf(BpfEntries);

    /// <summary>The routing report for people: one line per rule, layer first.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        if (DenyByDefault)
        {
            text.AppendLine("deny-by-default: no policy is assigned; every governed operation is denied in the kernel");
        }

        foreach (var route in Routes)
        {
            var entries = route.Layer == RuleLayer.Kernel ? $" ({route.KernelEntries} {(route.KernelEntries == 1 ? "entry" : "entries")})" : "";
            text.Append(route.Layer == RuleLayer.Kernel ? "kernel    " : "userspace ")
                .Append(route.Scope).Append('/').Append(route.RuleId).Append(entries)
                .Append(": ").AppendLine(route.Reason);
        }

        return text.ToString();
    }
}
