namespace Tyr.Cli.Api;

internal sealed record DiscoveredAgentListResponse(IReadOnlyList<DiscoveredAgentDto> DiscoveredAgents);
