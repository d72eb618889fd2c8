using System.Globalization;
using System.Text;
using Tyr.BpfEntries;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The one log line per push: what the policy is made of, without the per-rule routing
/// (<c>tyr policy effective</c> shows that).
/// <c>policy v7: base laptop-base v3 + overlay cursor v5; 12 kernel entries</c>.
/// </summary>
internal static class PolicySummary
{
    public static string Describe(PolicySnapshot policy)
    {
        if (policy.DenyByDefault)
        {
            return $"policy v{policy.Version}: deny-by-default (nothing assigned); every governed operation is denied";
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"policy v{policy.Version}: ");
        text.Append(policy.BaseVersion > 0 ? $"base {policy.BaseName} v{policy.BaseVersion}" : "no base");
        if (policy.Overlays.Count > 0)
        {
            text.Append(policy.Overlays.Count == 1 ? " + overlay " : " + overlays ")
                .AppendJoin(", ", policy.Overlays.Select(o => $"{o.AgentType} v{o.PolicyVersion}"));
        }

        var entries = BpfEntriesFormat.CountOf(policy.BpfEntries.Span);
        return text.Append(CultureInfo.InvariantCulture, $"; {entries} kernel {(entries == 1 ? "entry" : "entries")}").ToString();
    }
}
