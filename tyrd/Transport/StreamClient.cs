using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>Keeps one stream to the server open for the life of the daemon, reconnecting with backoff.</summary>
internal sealed class StreamClient(
    AgentService.AgentServiceClient client,
    StreamSession session,
    StreamOptions options,
    ServerCertificateCheck certificateCheck,
    TimeProvider time)
{
    public async Task RunAsync(CancellationToken stop)
    {
        var backoff = new ReconnectBackoff(options.InitialBackoff, options.MaxBackoff);
        while (!stop.IsCancellationRequested)
        {
            Metrics.DaemonActivity.StreamIs(Metrics.StreamState.Connecting);
            var outcome = await session.RunAsync(client, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            if (outcome.Healthy)
            {
                backoff.Reset();
            }

            var delay = backoff.Next();
            var reason = StreamFailures.Describe(outcome, options.Server, options.CaFile, certificateCheck.TakeLastRefusal());
            Log.Warn($"stream to {options.Server} ended: {reason}; reconnecting in {delay.TotalSeconds:0.0} s");
            Metrics.DaemonActivity.StreamIs(Metrics.StreamState.Backoff);
            try
            {
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
