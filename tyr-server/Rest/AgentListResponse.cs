namespace Tyr.Server.Rest;

internal sealed record AgentListResponse(IReadOnlyList<AgentDto> Agents);
