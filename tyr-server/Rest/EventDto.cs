namespace Tyr.Server.Rest;

/// <summary>A proto Event in snake_case, enums by name.</summary>
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
    long PolicyVersion);
