using Tyr.Daemon.Batching;
using Tyr.Protocol;

namespace Tyr.Daemon.Spool;

/// <summary>Closed batches go straight into the spool, with the current source drop totals.</summary>
internal sealed class SpoolBatchSink(EventSpool spool, DropLedger drops) : IBatchSink
{
    public void Write(IReadOnlyList<Event> events) => spool.Append(events, drops.SourceTotals());
}
