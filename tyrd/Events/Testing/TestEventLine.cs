namespace Tyr.Daemon.Events.Testing;

/// <summary>One line of the test event socket, as JSON (snake_case keys, enum names as in the proto).</summary>
internal sealed class TestEventLine
{
    public string? Kind { get; set; }

    public string? Resource { get; set; }

    public string? Verdict { get; set; }

    public string? Severity { get; set; }

    public long Pid { get; set; }

    public string? ProcessExe { get; set; }

    public string? Cmdline { get; set; }

    public string? DiscoveredAgentId { get; set; }

    /// <summary>Optional: lets a test replay the same event id on purpose.</summary>
    public string? EventId { get; set; }

    /// <summary>Optional: 0 means "now".</summary>
    public long TimestampNs { get; set; }

    public Dictionary<string, string>? Metadata { get; set; }
}
