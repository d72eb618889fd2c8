using System.Threading.Channels;
using Tyr.Daemon.Policy;
using Tyr.Protocol;

namespace Tyr.Daemon.Batching;

/// <summary>
/// Reads events from the sources' channel and closes a batch at <see cref="BatchLimits.MaxEvents"/>
/// events (or <see cref="BatchLimits.MaxBytes"/>) or <see cref="BatchLimits.MaxDelay"/> after the
/// batch's first event, whichever comes first. Runs until the channel is completed, then flushes
/// the partial batch: completing the channel is how shutdown says "no more events".
/// Each event is stamped and judged by the policy's <paramref name="userspace"/> layer on its way
/// in: here, off the sources' tasks, so a slow judgement never holds up the ring buffer's reader.
/// </summary>
internal sealed class Batcher(ChannelReader<Event> events, IBatchSink sink, BatchLimits limits, TimeProvider time, UserspaceLayer? userspace = null)
{
    public async Task RunAsync()
    {
        var batch = new List<Event>(limits.MaxEvents);
        var bytes = 0;
        while (await events.WaitToReadAsync().ConfigureAwait(false))
        {
            // The delay counts from the batch's first event, not from the previous flush.
            using var deadline = new CancellationTokenSource(limits.MaxDelay, time);
            var full = Drain(batch, ref bytes);
            while (!full)
            {
                try
                {
                    if (!await events.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    break;
                }

                full = Drain(batch, ref bytes);
            }

            if (batch.Count > 0)
            {
                sink.Write(batch);
                batch = new List<Event>(limits.MaxEvents);
                bytes = 0;
            }
        }

        if (batch.Count > 0)
        {
            sink.Write(batch);
        }
    }

    /// <summary>Moves what is already queued into the batch; true when the batch is full.</summary>
    private bool Drain(List<Event> batch, ref int bytes)
    {
        while (batch.Count < limits.MaxEvents && bytes < limits.MaxBytes && events.TryRead(out var evt))
        {
            EventStamper.Stamp(evt, time);
            Metrics.DaemonActivity.EventRead(evt.Kind);
            userspace?.Judge(evt);
            batch.Add(evt);
            bytes += evt.CalculateSize();
        }

        return batch.Count >= limits.MaxEvents || bytes >= limits.MaxBytes;
    }
}
