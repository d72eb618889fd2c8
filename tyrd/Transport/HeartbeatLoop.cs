using Tyr.Daemon.Policy;
using Tyr.Daemon.Spool;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>Sends a Heartbeat every interval while a stream is up.</summary>
internal sealed class HeartbeatLoop(HeartbeatSettings settings, EventSpool spool, PolicyState policy, TimeProvider time)
{
    public async Task RunAsync(OutboundWriter writer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(settings.Interval, time);
        void OnChanged(TimeSpan interval) => timer.Period = interval;
        settings.Changed += OnChanged;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                writer.SendControl(new AgentMessage
                {
                    Heartbeat = new Heartbeat
                    {
                        SentAtNs = (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
                        SpooledBatches = (ulong)spool.BatchCount,
                        PolicyVersion = policy.Version,
                    },
                });
            }
        }
        finally
        {
            settings.Changed -= OnChanged;
        }
    }
}
