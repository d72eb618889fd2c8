using System.Threading.Channels;
using Tyr.Daemon.Batching;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Events;
using Tyr.Daemon.Policy;
using Tyr.Daemon.Spool;
using Tyr.Daemon.Transport;
using Tyr.Protocol;

namespace Tyr.Daemon.Runtime;

/// <summary>
/// The running daemon: sources → bounded channel → batcher (and the policy's userspace layer) →
/// spool → stream. Stops on the token or when a source or the batcher fails, in an order that loses
/// nothing already read: sources first, then the batcher drains the channel and spools the partial
/// batch, then the stream closes.
/// </summary>
internal sealed class RunningDaemon(
    IReadOnlyList<IEventSource> sources,
    EventSpool spool,
    DropLedger drops,
    BatchLimits limits,
    StreamClient stream,
    UserspaceLayer userspace,
    TimeProvider time)
{
    private static readonly TimeSpan s_streamCloseTimeout = TimeSpan.FromSeconds(5);

    private int _failed;

    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // Bounded: when the spool or the batcher falls behind, sources wait (or count drops).
        var events = Channel.CreateBounded<Event>(new BoundedChannelOptions(Math.Max(1024, 4 * limits.MaxEvents))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        using var sourcesStop = new CancellationTokenSource();
        var sourceTasks = sources.Select(s => RunSourceAsync(s, events.Writer, stopping, sourcesStop.Token)).ToList();
        var batcher = Watch("the batcher", new Batcher(events.Reader, new SpoolBatchSink(spool, drops), limits, time, userspace).RunAsync(), stopping);
        using var streamStop = new CancellationTokenSource();
        var streaming = Watch("the stream", stream.RunAsync(streamStop.Token), stopping);

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stop requested or something failed.
        }

        await sourcesStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(sourceTasks).ConfigureAwait(false);
        events.Writer.TryComplete();
        await batcher.ConfigureAwait(false);
        spool.SaveSourceDrops(drops.SourceTotals());

        await streamStop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(streaming, Task.Delay(s_streamCloseTimeout, time, CancellationToken.None)).ConfigureAwait(false);

        foreach (var source in sources)
        {
            await source.DisposeAsync().ConfigureAwait(false);
        }

        Log.Info($"stopped; {Plural.Of(spool.BatchCount, "batch", "batches")} ({Plural.Of(spool.EventCount, "event", "events")}) stay spooled");
        return Volatile.Read(ref _failed) == 0 ? 0 : 1;
    }

    private async Task RunSourceAsync(IEventSource source, ChannelWriter<Event> sink, CancellationTokenSource stopping, CancellationToken cancellationToken)
    {
        try
        {
            await source.RunAsync(sink, cancellationToken).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested)
            {
                Log.Warn($"event source {source.Name} stopped on its own");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (Exception e)
        {
            Fail($"event source {source.Name} failed: {e.Message}", stopping);
        }
    }

    /// <summary>The batcher and the stream end only on shutdown; ending earlier is fatal.</summary>
    private async Task Watch(string what, Task task, CancellationTokenSource stopping)
    {
        try
        {
            await task.ConfigureAwait(false);
            if (!stopping.IsCancellationRequested)
            {
                Fail($"{what} ended unexpectedly", stopping);
            }
        }
        catch (Exception e)
        {
            Fail($"{what} failed: {e.Message}", stopping);
        }
    }

    private void Fail(string message, CancellationTokenSource stopping)
    {
        Log.Error(message);
        Volatile.Write(ref _failed, 1);
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already stopped: a late failure of the stream after its close timeout.
        }
    }
}
