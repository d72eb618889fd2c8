using Tyr.Cli.Api;
using Tyr.Cli.Output;

namespace Tyr.Cli.Events;

/// <summary>How one event looks as a table row, in `events list` and `events tail` alike.</summary>
internal static class EventRows
{
    public static readonly string[] Headers = ["TIME", "AGENT", "KIND", "VERDICT", "SEVERITY", "POLICY", "DRIFT", "PROCESS", "RESOURCE"];

    /// <summary>
    /// Column widths for `tail`, which prints rows as they come and cannot measure them first:
    /// wide enough for every fixed-size value (times, UUIDs, enum names), 20 for the process.
    /// </summary>
    public static readonly int[] TailWidths = [24, 36, 11, 7, 8, 6, 15, 20, 0];

    public static string[] Cells(EventDto e) =>
    [
        TextCells.UnixNanoseconds(e.TimestampNs),
        e.AgentId,
        e.Kind,
        e.Verdict,
        e.Severity,
        e.PolicyVersion == 0 ? TextCells.None : TextCells.Number(e.PolicyVersion),
        Drift(e),
        e.ProcessExe ?? string.Empty,
        e.Resource,
    ];

    // The verdict the server's Cedar re-evaluation expected instead of the daemon's.
    private static string Drift(EventDto e) =>
        !e.Drift ? TextCells.None : e.ExpectedVerdict is { Length: > 0 } expected ? "expected " + expected : "yes";
}
