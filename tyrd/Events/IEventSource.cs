using System.Threading.Channels;
using Tyr.Protocol;

namespace Tyr.Daemon.Events;

/// <summary>
/// Something that produces events: the kernel (BPF ring buffer) in production, a socket that a test
/// drives in tests. Sources write into the batcher's channel and honour its back-pressure: a source
/// that cannot wait (the ring buffer) counts what it drops in <see cref="DroppedEvents"/>.
/// </summary>
internal interface IEventSource : IAsyncDisposable
{
    /// <summary>Short name reported in CapabilityReport.event_sources ("kernel", "test").</summary>
    string Name { get; }

    /// <summary>What this source sees and enforces, per event kind, as really loaded on this host.</summary>
    IReadOnlyList<HookCapability> Capabilities { get; }

    /// <summary>Events this source lost before they reached the batcher (ever-growing).</summary>
    ulong DroppedEvents { get; }

    /// <summary>Runs until cancelled; writes each event, with event_id and timestamp set, to <paramref name="sink"/>.</summary>
    Task RunAsync(ChannelWriter<Event> sink, CancellationToken cancellationToken);
}
