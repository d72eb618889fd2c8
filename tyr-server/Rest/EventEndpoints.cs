using Tyr.Protocol;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

internal static class EventEndpoints
{
    public static IResult List(HttpRequest request, EventStore events)
    {
        if (!EventQueryParser.TryParse(request.Query, out var filter, out var error))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, error);
        }

        var page = events.Query(filter);
        var dtos = page.Events.Select(ToDto).ToList();
        return Results.Json(new EventListResponse(dtos, EventCursor.Encode(page.Position), page.HasMore), RestJson.Context.EventListResponse);
    }

    public static EventDto ToDto(StoredEvent e) => new(
        e.EventId,
        e.AgentId,
        e.DiscoveredAgentId,
        ProtoNames.Kind((EventKind)e.Kind),
        e.Resource,
        ProtoNames.Verdict((Verdict)e.Verdict),
        ProtoNames.Severity((Severity)e.Severity),
        e.Pid,
        e.ProcessExe,
        e.Cmdline,
        e.TimestampNs,
        e.Metadata,
        e.PolicyVersion,
        e.Drift,
        e.ExpectedVerdict is { } expected ? ProtoNames.Verdict((Verdict)expected) : null);
}
