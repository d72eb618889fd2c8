namespace Tyr.Server.Storage;

/// <summary>
/// One validated entry of a daemon's DiscoveredAgents report: what tyrd says about one agent
/// instance now. Times are Unix nanoseconds; <see cref="EndedAtNs"/> is null while it runs.
/// </summary>
internal sealed record DiscoveredAgentUpdate(
    string DiscoveredAgentId,
    string AgentType,
    long RootPid,
    string Exe,
    string Cmdline,
    long StartedAtNs,
    long? EndedAtNs,
    long ProcessCount,
    long LastActivityNs,
    string Signature,
    string TaggedBy,
    long TagDelayNs);
