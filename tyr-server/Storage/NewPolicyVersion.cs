namespace Tyr.Server.Storage;

/// <summary>A compiled policy about to become the next version.</summary>
internal sealed record NewPolicyVersion(
    string Name,
    string? Description,
    string Yaml,
    string Cedar,
    byte[] BpfEntries,
    IReadOnlyList<RouteDocument> Routing,
    int RuleCount,
    string Author,
    string Message,
    long? RolledBackFrom);
