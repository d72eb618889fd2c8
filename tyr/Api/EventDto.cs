namespace Tyr.Cli.Api;

/// <summary>One event of GET /api/v1/events, enums by name as the server writes them.</summary>
internal sealed record EventDto(
    string EventId,
    string AgentId,
    string? DiscoveredAgentId,
    string Kind,
    string Resource,
    string Verdict,
    string Severity,
    long Pid,
    string? ProcessExe,
    string? Cmdline,
    long TimestampNs,
    long PolicyVersion,
    bool Drift,
    string? ExpectedVerdict);
