using System.Diagnostics.CodeAnalysis;
using Tyr.Policy;
using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

/// <summary>
/// The query string of GET /api/v1/discovered-agents. Every problem is named after its
/// parameter; unknown parameters are refused so a misspelt filter never returns everything.
/// </summary>
internal static class DiscoveredAgentQueryParser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] s_known = ["agent", "type", "state", "limit"];

    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out DiscoveredAgentFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (!QueryParameters.TryCheck(query, s_known, out error))
        {
            return false;
        }

        Guid? agentId = null;
        if (QueryParameters.Value(query, "agent") is { } agentText)
        {
            if (!Guid.TryParse(agentText, out var id))
            {
                error = $"agent: '{agentText}' is not a UUID (a daemon's agent id, see GET /api/v1/agents)";
                return false;
            }

            agentId = id;
        }

        var type = QueryParameters.Value(query, "type");
        if (type is not null && !AgentTypes.TryGetScope(type, out _))
        {
            error = "type: " + AgentTypes.UnknownMessage(type);
            return false;
        }

        bool? running = null;
        if (QueryParameters.Value(query, "state") is { } state)
        {
            running = state switch
            {
                "running" => true,
                "ended" => false,
                _ => null,
            };
            if (running is null)
            {
                error = $"state: '{state}' is not running or ended";
                return false;
            }
        }

        if (!QueryParameters.TryLimit(query, DefaultLimit, MaxLimit, out var limit, out error))
        {
            return false;
        }

        filter = new DiscoveredAgentFilter(agentId, type, running, limit);
        error = null;
        return true;
    }
}
