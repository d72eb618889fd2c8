namespace Tyr.Daemon.Events;

/// <summary>A thread-safe, ever-growing count of lost events, for <see cref="IEventSource.DroppedEvents"/>.</summary>
internal sealed class DropCounter
{
    private long _value;

    public ulong Value => (ulong)Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);

    public void Add(ulong count) => Interlocked.Add(ref _value, (long)count);
}
