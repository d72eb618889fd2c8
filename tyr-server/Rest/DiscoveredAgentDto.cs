using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

/// <summary>
/// One discovered AI agent instance. <see cref="EndedAt"/> is null while it runs;
/// <see cref="EndSeen"/> is false when it ended while its daemon could not watch it (then
/// <see cref="EndedAt"/> is when the server noticed). <see cref="Events"/> counts the stored
/// events that name it.
/// </summary>
internal sealed record DiscoveredAgentDto(
    string DiscoveredAgentId,
    string AgentId,
    string AgentName,
    string AgentType,
    long RootPid,
    string Exe,
    string Cmdline,
    string StartedAt,
    string? EndedAt,
    bool Running,
    bool? EndSeen,
    long ProcessCount,
    string LastActivity,
    string Signature,
    string TaggedBy,
    long TagDelayUs,
    long Events,
    string FirstReportedAt,
    string UpdatedAt)
{
    public static DiscoveredAgentDto From(DiscoveredAgentRecord record) => new(
        record.DiscoveredAgentId,
        record.AgentId.ToString("D"),
        record.AgentName,
        record.AgentType,
        record.RootPid,
        record.Exe,
        record.Cmdline,
        FormatNanoseconds(record.StartedAtNs),
        record.EndedAtNs is { } ended ? FormatNanoseconds(ended) : null,
        record.IsRunning,
        record.EndSeen,
        record.ProcessCount,
        FormatNanoseconds(record.LastActivityNs),
        record.Signature,
        record.TaggedBy,
        record.TagDelayNs / 1000,
        record.Events,
        Rfc3339.FormatUnixMilliseconds(record.FirstReportedAt),
        Rfc3339.FormatUnixMilliseconds(record.UpdatedAt));

    private static string FormatNanoseconds(long nanoseconds) => Rfc3339.Format(DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100));
}
