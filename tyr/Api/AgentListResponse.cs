namespace Tyr.Cli.Api;

internal sealed record AgentListResponse(IReadOnlyList<AgentDto> Agents);
