using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

/// <summary>Small events for tests.</summary>
internal static class TestEvents
{
    public static Event FileRead(string path, string? id = null) => new()
    {
        EventId = id ?? Guid.CreateVersion7().ToString("D"),
        Kind = EventKind.FileRead,
        Resource = path,
        Verdict = Verdict.Allow,
        Severity = Severity.Info,
        TimestampNs = 1,
    };

    public static List<Event> Many(int count, string prefix = "/tmp/f") =>
        [.. Enumerable.Range(0, count).Select(i => FileRead($"{prefix}{i}"))];
}
