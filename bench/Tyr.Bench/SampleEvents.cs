using Tyr.Protocol;

namespace Tyr.Bench;

/// <summary>Events shaped like real kernel events: an absolute path, an exe, a command line.</summary>
internal static class SampleEvents
{
    public static List<Event> Create(int count)
    {
        var events = new List<Event>(count);
        for (var i = 0; i < count; i++)
        {
            var e = new Event
            {
                Kind = (EventKind)(1 + (i % 4)),
                Resource = $"/home/alice/src/project/src/module{i % 37}/file{i}.ts",
                Verdict = i % 10 == 0 ? Verdict.Deny : Verdict.Allow,
                Severity = Severity.Info,
                Pid = 40_000 + (i % 50),
                ProcessExe = "/usr/bin/node",
                Cmdline = "node /usr/lib/node_modules/@anthropic-ai/claude-code/cli.js --print",
                TimestampNs = 1_763_900_000_000_000_000 + i,
                PolicyVersion = 3,
            };
            e.Metadata["hook"] = "lsm/file_open";
            events.Add(e);
        }

        Renumber(events);
        return events;
    }

    /// <summary>Fresh UUIDv7 ids, as the daemon gives every new event.</summary>
    public static void Renumber(List<Event> events)
    {
        foreach (var e in events)
        {
            e.EventId = Guid.CreateVersion7().ToString();
        }
    }
}
