using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
        foreach (var (name, values) in query)
        {
            if (!s_known.Contains(name, StringComparer.Ordinal))
            {
                error = $"{name}: unknown parameter; expected {string.Join(", ", s_known)}";
                return false;
            }

            if (values.Count > 1)
            {
                error = $"{name}: given {values.Count} times; give it once";
                return false;
            }
        }

        Guid? agentId = null;
        if (Value(query, "agent") is { } agentText)
        {
            if (!Guid.TryParse(agentText, out var id))
            {
                error = $"agent: '{agentText}' is not a UUID (a daemon's agent id, see GET /api/v1/agents)";
                return false;
            }

            agentId = id;
        }

        var type = Value(query, "type");
        if (type is not null && !AgentTypes.TryGetScope(type, out _))
        {
            error = "type: " + AgentTypes.UnknownMessage(type);
            return false;
        }

        bool? running = null;
        if (Value(query, "state") is { } state)
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

        var limit = DefaultLimit;
        if (Value(query, "limit") is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = $"limit: must be an integer from 1 to {MaxLimit}";
            return false;
        }

        filter = new DiscoveredAgentFilter(agentId, type, running, limit);
        error = null;
        return true;
    }

    // An empty value (agent=) means "no filter", as for GET /api/v1/events.
    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
