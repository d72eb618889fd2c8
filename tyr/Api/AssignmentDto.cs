namespace Tyr.Cli.Api;

/// <summary>A policy version bound to a daemon (agent UUID) or to an AI-agent type.</summary>
internal sealed record AssignmentDto(
    string TargetType,
    string TargetId,
    long Version,
    string? Name,
    string? AssignedAt,
    string? AssignedBy);
