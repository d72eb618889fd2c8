namespace Tyr.Daemon.Events;

/// <summary>
/// Optional for an <see cref="IEventSource"/> fed by a BPF ring buffer: records the kernel could not
/// reserve, reported as DropCounters.ring_buffer_dropped. Count such a loss here only, not also in
/// <see cref="IEventSource.DroppedEvents"/>.
/// </summary>
internal interface IReportsRingBufferDrops
{
    /// <summary>Records lost in the kernel since the source started (ever-growing).</summary>
    ulong RingBufferDropped { get; }
}
