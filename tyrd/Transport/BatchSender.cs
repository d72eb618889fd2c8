using Tyr.Daemon.Spool;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>
/// Sends the spool, oldest first, with up to <c>window</c> batches unacknowledged. One sender per
/// stream: a new stream starts again from the oldest batch still spooled, so everything not
/// acknowledged is replayed before anything newer (the server deduplicates on event_id). Nothing is
/// kept in memory beyond the sequences in flight; the spool stays the single source of truth.
/// </summary>
internal sealed class BatchSender : IDisposable
{
    private readonly EventSpool _spool;
    private readonly DropLedger _drops;
    private readonly int _window;
    private readonly AsyncSignal _wake = new();
    private readonly HashSet<long> _inFlight = [];
    private readonly Lock _gate = new();
    private long _sentThrough;
    private int _acknowledged;

    public BatchSender(EventSpool spool, DropLedger drops, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _spool = spool;
        _drops = drops;
        _window = window;
        _spool.BatchAppended += _wake.Set;
    }

    /// <summary>True once this stream got a BatchAck: proof that it carries data end to end.</summary>
    public bool AnyAcknowledged => Volatile.Read(ref _acknowledged) != 0;

    public async Task RunAsync(OutboundWriter writer, CancellationToken cancellationToken)
    {
        while (true)
        {
            int room;
            lock (_gate)
            {
                room = _window - _inFlight.Count;
            }

            var batches = room > 0 ? _spool.ReadAfter(_sentThrough, room) : [];
            if (batches.Count == 0)
            {
                // Woken by an append (new batch) or an ack (room in the window).
                await _wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Counters as of now, also on replayed batches: they only grow, so newer is better.
            var drops = _drops.Snapshot();
            foreach (var spooled in batches)
            {
                var batch = spooled.Parse();
                batch.Drops = drops;
                lock (_gate)
                {
                    _inFlight.Add(spooled.Sequence);
                }

                _sentThrough = spooled.Sequence;
                writer.SendData(new AgentMessage { EventBatch = batch });
            }
        }
    }

    public void OnAck(BatchAck ack)
    {
        var sequence = (long)ack.Sequence;
        // Delete even if this stream did not send it: the server stored it, whichever stream it was.
        _spool.Acknowledge(sequence);
        lock (_gate)
        {
            _inFlight.Remove(sequence);
        }

        Volatile.Write(ref _acknowledged, 1);
        Metrics.DaemonActivity.BatchAcknowledged();
        _wake.Set();
    }

    public void Dispose() => _spool.BatchAppended -= _wake.Set;
}
