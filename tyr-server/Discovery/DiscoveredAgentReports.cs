using Tyr.Protocol;
using Tyr.Server.Storage;

namespace Tyr.Server.Discovery;

/// <summary>
/// AgentMessage.discovered_agents: validates every entry, stores the good ones (a bad entry is
/// logged and skipped, never the whole report) and, for a complete report, ends the instances
/// the daemon no longer lists.
/// </summary>
internal sealed class DiscoveredAgentReports(DiscoveredAgentStore store, ILogger<DiscoveredAgentReports> logger)
{
    public DiscoveredReportOutcome Record(Guid agentId, DiscoveredAgents report)
    {
        var kind = report.Complete ? "complete" : "partial";
        var updates = new List<DiscoveredAgentUpdate>(report.Agents.Count);
        // Every id the report names, refused entries included: a running instance whose entry was
        // refused this time is still listed, so it must not be ended as unwatched.
        var listed = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < report.Agents.Count; i++)
        {
            var entry = report.Agents[i];
            if (DiscoveredAgentValidator.NormalizedId(entry.DiscoveredAgentId) is { } id)
            {
                listed.Add(id);
            }

            if (DiscoveredAgentValidator.TryValidate(entry, out var update, out var problem))
            {
                updates.Add(update);
            }
            else
            {
                logger.DiscoveredAgentRefused(agentId, i, kind, problem);
            }
        }

        var outcome = store.Store(agentId, updates, report.Complete, listed);
        if (report.Complete)
        {
            logger.CompleteReport(agentId, outcome.Stored, outcome.EndedUnwatched.Count == 0 ? "none" : string.Join(", ", outcome.EndedUnwatched));
        }
        else
        {
            logger.PartialReport(agentId, outcome.Stored);
        }

        return outcome;
    }
}
