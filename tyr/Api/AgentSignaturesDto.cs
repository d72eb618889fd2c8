namespace Tyr.Cli.Api;

/// <summary>GET/PUT/DELETE /api/v1/agent-signatures: the catalogue daemons are given, and where it comes from.</summary>
internal sealed record AgentSignaturesDto(
    long? Version,
    bool BuiltIn,
    int Signatures,
    string? Hash,
    string? Author,
    string? CreatedAt,
    string Yaml,
    int? SentTo);
