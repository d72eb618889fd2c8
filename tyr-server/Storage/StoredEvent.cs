namespace Tyr.Server.Storage;

/// <summary>
/// A row of the events table, as the REST API reads it back. <see cref="Drift"/> is set when the
/// server, judging a DENY or ALERT event again with the policy version that judged it, reached
/// another verdict (<see cref="ExpectedVerdict"/>, a tyr.v1.Verdict number).
/// </summary>
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
    long PolicyVersion,
    bool Drift,
    int? ExpectedVerdict);
