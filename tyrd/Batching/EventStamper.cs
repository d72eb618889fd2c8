using Tyr.Protocol;

namespace Tyr.Daemon.Batching;

/// <summary>
/// Gives an event the identity and time it keeps for good: a UUIDv7 <c>event_id</c> (the server
/// deduplicates replays on it) and a wall-clock <c>timestamp_ns</c>, each only if the source did
/// not already set it.
/// </summary>
internal static class EventStamper
{
    public static void Stamp(Event evt, TimeProvider time)
    {
        if (evt.EventId.Length > 0 && evt.TimestampNs != 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        if (evt.EventId.Length == 0)
        {
            evt.EventId = Guid.CreateVersion7(now).ToString("D");
        }

        if (evt.TimestampNs == 0)
        {
            evt.TimestampNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        }
    }
}
