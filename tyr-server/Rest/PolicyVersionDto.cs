using System.Text.Json.Serialization;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

/// <summary>
/// A policy version. <see cref="Yaml"/> and <see cref="Cedar"/> are present for a single version
/// (show, apply, rollback) and left out of listings.
/// </summary>
internal sealed record PolicyVersionDto(
    long Version,
    string Name,
    string? Description,
    string Hash,
    string Author,
    string Message,
    string CreatedAt,
    int RuleCount,
    long? RolledBackFrom,
    IReadOnlyList<RouteDocument> Routing,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Yaml,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Cedar)
{
    public static PolicyVersionDto From(PolicyVersionRecord record, bool withText) => new(
        record.Version,
        record.Name,
        record.Description,
        record.Hash,
        record.Author,
        record.Message,
        Rfc3339.FormatUnixMilliseconds(record.CreatedAt),
        record.RuleCount,
        record.RolledBackFrom,
        record.Routing,
        withText ? record.Yaml : null,
        withText ? record.Cedar : null);
}
