namespace Tyr.Daemon.Spool;

/// <summary>Drop counters that the event sources own, as totals over the life of the state dir.</summary>
internal readonly record struct SourceDropTotals(ulong SourceDroppedEvents, ulong RingBufferDropped);
