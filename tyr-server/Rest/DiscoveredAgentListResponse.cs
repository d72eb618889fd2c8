namespace Tyr.Server.Rest;

internal sealed record DiscoveredAgentListResponse(IReadOnlyList<DiscoveredAgentDto> DiscoveredAgents);
