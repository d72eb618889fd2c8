using Tyr.Daemon.Events;
using Tyr.Protocol;

namespace Tyr.Daemon.Spool;

/// <summary>
/// The drop counters sent with every batch. Sources count from zero each run, so their counts are
/// added to the totals the previous run saved in the spool; the sum is saved again with every batch
/// and at shutdown, which keeps every counter growing for the life of the state dir.
/// </summary>
internal sealed class DropLedger(EventSpool spool, IReadOnlyList<IEventSource> sources)
{
    private readonly SourceDropTotals _previousRuns = spool.SavedSourceDrops;

    public SourceDropTotals SourceTotals()
    {
        ulong dropped = 0, ring = 0;
        foreach (var source in sources)
        {
            dropped += source.DroppedEvents;
            if (source is IReportsRingBufferDrops kernel)
            {
                ring += kernel.RingBufferDropped;
            }
        }

        return new SourceDropTotals(_previousRuns.SourceDroppedEvents + dropped, _previousRuns.RingBufferDropped + ring);
    }

    public DropCounters Snapshot()
    {
        var totals = SourceTotals();
        return new DropCounters
        {
            SpoolDroppedEvents = spool.SpoolDroppedEvents,
            SourceDroppedEvents = totals.SourceDroppedEvents,
            RingBufferDropped = totals.RingBufferDropped,
        };
    }
}
