using Tyr.Daemon.Agents;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>
/// Tells the server about discovered agents: everything tyrd knows when a stream opens (agents that
/// started or ended while it was down included), then once a second what changed.
/// </summary>
internal sealed class AgentReportLoop(IAgentDirectory agents, TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    public async Task RunAsync(OutboundWriter writer, CancellationToken cancellationToken)
    {
        Send(writer, complete: true);
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            Send(writer, complete: false);
        }
    }

    private void Send(OutboundWriter writer, bool complete)
    {
        var report = agents.TakeReport(complete);
        if (report.Count == 0 && !complete)
        {
            return;
        }

        var message = new DiscoveredAgents { Complete = complete };
        message.Agents.AddRange(report);
        writer.SendControl(new AgentMessage { DiscoveredAgents = message });
    }
}
