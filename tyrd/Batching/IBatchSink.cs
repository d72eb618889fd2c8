using Tyr.Protocol;

namespace Tyr.Daemon.Batching;

/// <summary>Where closed batches go: the spool in the daemon, a list in tests.</summary>
internal interface IBatchSink
{
    /// <summary>Stores a closed batch durably; the list is not reused by the caller afterwards.</summary>
    void Write(IReadOnlyList<Event> events);
}
