namespace Tyr.Server.Storage;

/// <summary>A freshly compiled effective policy, before it is compared with the daemon's latest row.</summary>
internal sealed record EffectivePolicyContent(
    long? BaseVersion,
    IReadOnlyList<OverlayDocument> Overlays,
    bool DenyByDefault,
    string Cedar,
    byte[] BpfEntries,
    IReadOnlyList<RouteDocument> Routing,
    IReadOnlyList<string> Homes);
