using System.Diagnostics.CodeAnalysis;
using System.Globalization;
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
        if (Value(query, "agent_id") is { } agentText)
        {
            if (!Guid.TryParse(agentText, out var id))
            {
                error = $"agent_id: '{agentText}' is not a UUID";
                return false;
            }

            agentId = id;
        }

        string? discoveredAgentId = null;
        if (Value(query, "discovered_agent") is { } discoveredText)
        {
            if (!Guid.TryParse(discoveredText, out var id))
            {
                error = $"discovered_agent: '{discoveredText}' is not a UUID (a discovered_agent_id, see GET /api/v1/discovered-agents)";
                return false;
            }

            discoveredAgentId = id.ToString("D");
        }

        EventKind? kind = null;
        if (Value(query, "kind") is { } kindText)
        {
            if (!ProtoNames.TryParseKind(kindText, out var parsed))
            {
                error = $"kind: '{kindText}' is not one of {string.Join(", ", ProtoNames.KindNames)}";
                return false;
            }

            kind = parsed;
        }

        Verdict? verdict = null;
        if (Value(query, "verdict") is { } verdictText)
        {
            if (!ProtoNames.TryParseVerdict(verdictText, out var parsed))
            {
                error = $"verdict: '{verdictText}' is not one of {string.Join(", ", ProtoNames.VerdictNames)}";
                return false;
            }

            verdict = parsed;
        }

        long? since = null;
        if (Value(query, "since") is { } sinceText)
        {
            if (!Rfc3339.TryParseUnixNanoseconds(sinceText, out var nanoseconds))
            {
                error = $"since: '{sinceText}' is not an RFC 3339 time such as 2025-01-31T08:00:00Z";
                return false;
            }

            since = nanoseconds;
        }

        bool? drift = null;
        if (Value(query, "drift") is { } driftText)
        {
            if (!bool.TryParse(driftText, out var flagged))
            {
                error = $"drift: '{driftText}' is not true or false";
                return false;
            }

            drift = flagged;
        }

        var limit = DefaultLimit;
        if (Value(query, "limit") is { } limitText &&
            (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            error = $"limit: must be an integer from 1 to {MaxLimit}";
            return false;
        }

        long after = 0;
        if (Value(query, "cursor") is { } cursorText && !EventCursor.TryDecode(cursorText, out after))
        {
            error = "cursor: not a next_cursor returned by this server";
            return false;
        }

        filter = new EventFilter(agentId, kind, verdict, since, limit, after, drift, discoveredAgentId);
        error = null;
        return true;
    }

    // An empty value (agent_id=) means "no filter", which is what a script with an empty variable means.
    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
