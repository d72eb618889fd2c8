namespace Tyr.Cli.Api;

/// <summary>GET /agents/{id}/effective: what one daemon enforces, and what it was merged from.</summary>
internal sealed record EffectivePolicyDto(
    string AgentId,
    long PushVersion,
    bool DenyByDefault,
    PolicyRefDto? Base,
    IReadOnlyList<OverlayDto>? Overlays,
    string? Cedar,
    IReadOnlyList<RouteDto>? Routing,
    IReadOnlyList<string>? Homes,
    long BpfEntriesBytes,
    long BpfEntriesCount,
    string? CreatedAt);
