namespace Tyr.Server.Storage;

/// <summary>
/// A row of policy_versions. <see cref="Yaml"/>, <see cref="Cedar"/> and <see cref="BpfEntries"/>
/// are read only for a single version (<see cref="PolicyStore.Find"/>), not for listings.
/// </summary>
internal sealed record PolicyVersionRecord(
    long Version,
    string Name,
    string? Description,
    string Hash,
    string Author,
    string Message,
    long CreatedAt,
    int RuleCount,
    long? RolledBackFrom,
    IReadOnlyList<RouteDocument> Routing,
    string? Yaml = null,
    string? Cedar = null,
    byte[]? BpfEntries = null);
