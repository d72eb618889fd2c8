using System.Text.Json.Serialization;
using Tyr.Server.Discovery;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

/// <summary>
/// The agent signature catalogue daemons are given. <see cref="Version"/>, <see cref="Author"/>
/// and <see cref="CreatedAt"/> are null while no operator ever set one; <see cref="BuiltIn"/>
/// says whether <see cref="Yaml"/> is this server's built-in catalogue. <see cref="SentTo"/>
/// (only after a change) counts the connected daemons it was sent to.
/// </summary>
internal sealed record AgentSignaturesDto(
    long? Version,
    bool BuiltIn,
    int Signatures,
    string Hash,
    string? Author,
    string? CreatedAt,
    string Yaml,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SentTo)
{
    public static AgentSignaturesDto From(AgentSignatureVersion? version, int? sentTo = null) => new(
        version?.Version,
        version?.IsBuiltIn ?? true,
        version?.Signatures ?? BuiltInSignatures.Count,
        version?.Hash ?? BuiltInSignatures.Hash,
        version?.Author,
        version is null ? null : Rfc3339.FormatUnixMilliseconds(version.CreatedAt),
        version?.Yaml ?? BuiltInSignatures.Yaml,
        sentTo);
}
