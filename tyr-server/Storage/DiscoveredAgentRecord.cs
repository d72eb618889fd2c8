namespace Tyr.Server.Storage;

/// <summary>
/// A row of discovered_agents with the reporting daemon's name and the count of stored events
/// that name the instance. <see cref="EndSeen"/> is null while it runs, false when it vanished
/// from a complete report (it ended while tyrd could not watch it). <see cref="FirstReportedAt"/>
/// and <see cref="UpdatedAt"/> are Unix milliseconds, the rest Unix nanoseconds.
/// </summary>
internal sealed record DiscoveredAgentRecord(
    Guid AgentId,
    string AgentName,
    string DiscoveredAgentId,
    string AgentType,
    long RootPid,
    string Exe,
    string Cmdline,
    long StartedAtNs,
    long? EndedAtNs,
    bool? EndSeen,
    long ProcessCount,
    long LastActivityNs,
    string Signature,
    string TaggedBy,
    long TagDelayNs,
    long FirstReportedAt,
    long UpdatedAt,
    long Events)
{
    public bool IsRunning => EndedAtNs is null;
}
