using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Tyr.Daemon.Batching;
using Tyr.Protocol;

namespace Tyr.Daemon.Events.Testing;

/// <summary>
/// Turns one JSON line into an <see cref="Event"/>. kind and resource are required; verdict and
/// severity default to ALLOW and INFO; the event gets its id and time here, when it enters tyrd.
/// </summary>
internal static class TestEventLineParser
{
    public static bool TryParse(
        ReadOnlySpan<byte> line,
        TimeProvider time,
        [NotNullWhen(true)] out Event? evt,
        [NotNullWhen(false)] out string? error)
    {
        evt = null;
        TestEventLine? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(line, TestEventJsonContext.Default.TestEventLine);
        }
        catch (JsonException e)
        {
            error = "not a JSON event: " + e.Message;
            return false;
        }

        if (parsed is null)
        {
            error = "not a JSON object";
            return false;
        }

        if (ProtoEnumNames.Kind(parsed.Kind) is not { } kind)
        {
            error = $"kind must be one of FILE_READ, FILE_WRITE, EXEC, NET_CONNECT, TLS (got {Quote(parsed.Kind)})";
            return false;
        }

        if (string.IsNullOrEmpty(parsed.Resource))
        {
            error = "resource is required";
            return false;
        }

        var verdict = Tyr.Protocol.Verdict.Allow;
        if (parsed.Verdict is not null)
        {
            if (ProtoEnumNames.Verdict(parsed.Verdict) is not { } givenVerdict)
            {
                error = $"verdict must be one of ALLOW, DENY, ALERT (got {Quote(parsed.Verdict)})";
                return false;
            }

            verdict = givenVerdict;
        }

        var severity = Tyr.Protocol.Severity.Info;
        if (parsed.Severity is not null)
        {
            if (ProtoEnumNames.Severity(parsed.Severity) is not { } givenSeverity)
            {
                error = $"severity must be one of INFO, LOW, MEDIUM, HIGH, CRITICAL (got {Quote(parsed.Severity)})";
                return false;
            }

            severity = givenSeverity;
        }

        if (parsed.EventId is not null && !Guid.TryParseExact(parsed.EventId, "D", out _))
        {
            error = $"event_id must be a UUID (got {Quote(parsed.EventId)})";
            return false;
        }

        evt = new Event
        {
            EventId = parsed.EventId?.ToLowerInvariant() ?? string.Empty,
            Kind = kind,
            Resource = parsed.Resource,
            Verdict = verdict,
            Severity = severity,
            Pid = parsed.Pid,
            ProcessExe = parsed.ProcessExe ?? string.Empty,
            Cmdline = parsed.Cmdline ?? string.Empty,
            DiscoveredAgentId = parsed.DiscoveredAgentId ?? string.Empty,
            TimestampNs = parsed.TimestampNs,
        };
        if (parsed.Metadata is not null)
        {
            evt.Metadata.Add(parsed.Metadata);
        }

        EventStamper.Stamp(evt, time);
        error = null;
        return true;
    }

    private static string Quote(string? value) => value is null ? "nothing" : $"\"{value}\"";
}
