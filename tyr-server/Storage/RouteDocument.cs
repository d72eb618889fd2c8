using Tyr.Policy.Compilation;

namespace Tyr.Server.Storage;

/// <summary>
/// One rule's routing as stored in the routing JSON columns and shown by the REST API: where the
/// rule is enforced (<c>kernel</c> or <c>userspace</c>) and why.
/// </summary>
internal sealed record RouteDocument(string Scope, string RuleId, uint KernelRuleId, string Layer, string Reason, int KernelEntries)
{
    public static RouteDocument From(RuleRoute route) => new(
        route.Scope,
        route.RuleId,
        route.KernelRuleId,
        route.Layer == RuleLayer.Kernel ? "kernel" : "userspace",
        route.Reason,
        route.KernelEntries);
}
