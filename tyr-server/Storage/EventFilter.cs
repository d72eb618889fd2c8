using Tyr.Protocol;

namespace Tyr.Server.Storage;

/// <summary>What GET /api/v1/events asks for: rows after <see cref="AfterSequence"/>, in arrival order.</summary>
internal sealed record EventFilter(
    Guid? AgentId,
    EventKind? Kind,
    Verdict? Verdict,
    long? SinceNs,
    int Limit,
    long AfterSequence,
    bool? Drift = null,
    string? DiscoveredAgentId = null);
