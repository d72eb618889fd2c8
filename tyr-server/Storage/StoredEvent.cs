namespace Tyr.Server.Storage;

/// <summary>A row of the events table, as the REST API reads it back.</summary>
internal sealed record StoredEvent(
    long Sequence,
    string EventId,
    string AgentId,
    string DiscoveredAgentId,
    int Kind,
    string Resource,
    int Verdict,
    int Severity,
    long Pid,
    string ProcessExe,
    string Cmdline,
    long TimestampNs,
    IReadOnlyDictionary<string, string> Metadata,
    long PolicyVersion);
