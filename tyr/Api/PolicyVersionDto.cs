namespace Tyr.Cli.Api;

/// <summary>
/// One immutable policy version. <c>yaml</c> and <c>cedar</c> are in GET /policies/{n} only;
/// <c>routing</c> may be absent from the list.
/// </summary>
internal sealed record PolicyVersionDto(
    long Version,
    string Name,
    string? Description,
    string? Hash,
    string? Author,
    string? Message,
    string? CreatedAt,
    int RuleCount,
    long? RolledBackFrom,
    IReadOnlyList<RouteDto>? Routing,
    string? Yaml,
    string? Cedar);
