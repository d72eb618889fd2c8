namespace Tyr.Server.Storage;

/// <summary>
/// A row of agent_signature_versions: an operator's catalogue, or (<see cref="Yaml"/> null) the
/// return to the built-in one. <see cref="CreatedAt"/> is Unix milliseconds.
/// </summary>
internal sealed record AgentSignatureVersion(long Version, string? Yaml, string? Hash, int Signatures, string Author, long CreatedAt)
{
    public bool IsBuiltIn => Yaml is null;
}
