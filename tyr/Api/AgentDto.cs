namespace Tyr.Cli.Api;

/// <summary>One agent of GET /api/v1/agents (the fields the table shows; -o json shows all).</summary>
internal sealed record AgentDto(
    string Id,
    string Name,
    string? KernelVersion,
    string? Arch,
    bool Connected,
    string? LastSeen,
    string? EnrolledAt,
    bool Revoked);
