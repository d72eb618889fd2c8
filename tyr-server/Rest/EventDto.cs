namespace Tyr.Server.Rest;

/// <summary>
/// A proto Event in snake_case, enums by name, plus the server's drift check: <see cref="Drift"/>
/// when the policy version that judged it gives another verdict, <see cref="ExpectedVerdict"/>.
/// </summary>
internal sealed record EventDto(
    string EventId,
    string AgentId,
    string DiscoveredAgentId,
    string Kind,
    string Resource,
    string Verdict,
    string Severity,
    long Pid,
    string ProcessExe,
    string Cmdline,
    long TimestampNs,
    IReadOnlyDictionary<string, string> Metadata,
    long PolicyVersion,
    bool Drift,
    string? ExpectedVerdict);
