namespace Tyr.Cli.Api;

/// <summary>One AI agent instance of GET /api/v1/discovered-agents (the fields the table shows; -o json shows all).</summary>
internal sealed record DiscoveredAgentDto(
    string DiscoveredAgentId,
    string AgentId,
    string? AgentName,
    string AgentType,
    long RootPid,
    string? Cmdline,
    string? StartedAt,
    string? EndedAt,
    bool Running,
    bool? EndSeen,
    long ProcessCount,
    string? LastActivity);
