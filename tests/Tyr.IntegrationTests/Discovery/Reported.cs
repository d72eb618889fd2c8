using Tyr.Protocol;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>DiscoveredAgent entries as tyrd fills them, with times given as readable UTC instants.</summary>
internal static class Reported
{
    public static readonly DateTimeOffset Morning = new(2026, 1, 31, 8, 0, 0, TimeSpan.Zero);

    public static DiscoveredAgent Agent(string type, long pid, DateTimeOffset started, string? id = null, uint processes = 1,
        DateTimeOffset? lastActivity = null, DateTimeOffset? ended = null, string? cmdline = null) => new()
        {
            DiscoveredAgentId = id ?? Guid.NewGuid().ToString(),
            AgentType = type,
            RootPid = pid,
            Exe = "/usr/local/bin/" + type,
            Cmdline = cmdline ?? type + " --yes",
            StartedAtNs = Nanoseconds(started),
            ProcessCount = processes,
            LastActivityNs = Nanoseconds(lastActivity ?? started),
            EndedAtNs = ended is { } end ? Nanoseconds(end) : 0,
            Signature = type + " executables: **/bin/" + type,
            TaggedBy = "kernel",
        };

    public static long Nanoseconds(DateTimeOffset instant) => (instant - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>How the API writes an instant: RFC 3339, UTC, milliseconds.</summary>
    public static string Rfc3339(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
