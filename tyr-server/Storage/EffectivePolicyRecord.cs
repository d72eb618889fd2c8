namespace Tyr.Server.Storage;

/// <summary>A row of effective_policies: what one daemon was (or is about to be) sent as push <see cref="PushVersion"/>.</summary>
internal sealed record EffectivePolicyRecord(
    long PushVersion,
    Guid AgentId,
    long? BaseVersion,
    string? BaseName,
    IReadOnlyList<OverlayDocument> Overlays,
    bool DenyByDefault,
    string Cedar,
    byte[] BpfEntries,
    IReadOnlyList<RouteDocument> Routing,
    IReadOnlyList<string> Homes,
    long CreatedAt);
