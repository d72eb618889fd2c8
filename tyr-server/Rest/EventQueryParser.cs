using System.Diagnostics.CodeAnalysis;
using Tyr.Protocol;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

/// <summary>
/// The query string of GET /api/v1/events. Every problem is named after its parameter; unknown
/// parameters are refused so a misspelt filter never returns unfiltered events.
/// </summary>
internal static class EventQueryParser
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    private static readonly string[] s_known = ["agent_id", "discovered_agent", "kind", "verdict", "since", "drift", "limit", "cursor"];

    public static bool TryParse(IQueryCollection query, [NotNullWhen(true)] out EventFilter? filter, [NotNullWhen(false)] out string? error)
    {
        filter = null;
        if (!QueryParameters.TryCheck(query, s_known, out error))
        {
            return false;
        }

        Guid? agentId = null;
        if (QueryParameters.Value(query, "agent_id") is { } agentText)
        {
            if (!Guid.TryParse(agentText, out var id))
            {
                error = $"agent_id: '{agentText}' is not a UUID";
                return false;
            }

            agentId = id;
        }

        string? discoveredAgentId = null;
        if (QueryParameters.Value(query, "discovered_agent") is { } discoveredText)
        {
            if (!Guid.TryParse(discoveredText, out var id))
            {
                error = $"discovered_agent: '{discoveredText}' is not a UUID (a discovered_agent_id, see GET /api/v1/discovered-agents)";
                return false;
            }

            discoveredAgentId = id.ToString("D");
        }

        EventKind? kind = null;
        if (QueryParameters.Value(query, "kind") is { } kindText)
        {
            if (!ProtoNames.TryParseKind(kindText, out var parsed))
            {
                error = $"kind: '{kindText}' is not one of {string.Join(", ", ProtoNames.KindNames)}";
                return false;
            }

            kind = parsed;
        }

        Verdict? verdict = null;
        if (QueryParameters.Value(query, "verdict") is { } verdictText)
        {
            if (!ProtoNames.TryParseVerdict(verdictText, out var parsed))
            {
                error = $"verdict: '{verdictText}' is not one of {string.Join(", ", ProtoNames.VerdictNames)}";
                return false;
            }

            verdict = parsed;
        }

        long? since = null;
        if (QueryParameters.Value(query, "since") is { } sinceText)
        {
            if (!Rfc3339.TryParseUnixNanoseconds(sinceText, out var nanoseconds))
            {
                error = $"since: '{sinceText}' is not an RFC 3339 time such as 2025-01-31T08:00:00Z";
                return false;
            }

            since = nanoseconds;
        }

        bool? drift = null;
        if (QueryParameters.Value(query, "drift") is { } driftText)
        {
            if (!bool.TryParse(driftText, out var flagged))
            {
                error = $"drift: '{driftText}' is not true or false";
                return false;
            }

            drift = flagged;
        }

        if (!QueryParameters.TryLimit(query, DefaultLimit, MaxLimit, out var limit, out error))
        {
            return false;
        }

        long after = 0;
        if (QueryParameters.Value(query, "cursor") is { } cursorText && !EventCursor.TryDecode(cursorText, out after))
        {
            error = "cursor: not a next_cursor returned by this server";
            return false;
        }

        filter = new EventFilter(agentId, kind, verdict, since, limit, after, drift, discoveredAgentId);
        error = null;
        return true;
    }
}
