using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

/// <summary>GET /agents/{id}/effective: what the daemon was pushed (push_version is its PolicyPush.policy_version).</summary>
internal sealed record EffectivePolicyDto(
    string AgentId,
    long PushVersion,
    bool DenyByDefault,
    PolicyRefDto? Base,
    IReadOnlyList<OverlayDocument> Overlays,
    string Cedar,
    IReadOnlyList<RouteDocument> Routing,
    IReadOnlyList<string> Homes,
    int BpfEntriesBytes,
    int BpfEntriesCount,
    string CreatedAt);
