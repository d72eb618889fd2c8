namespace Tyr.Server.Storage;

/// <summary>What GET /api/v1/discovered-agents asks for; null members do not filter.</summary>
internal sealed record DiscoveredAgentFilter(Guid? AgentId, string? AgentType, bool? Running, int Limit);
