using Tyr.Server.Discovery;
using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

/// <summary>The AI agents daemons discovered: list with filters, one by id.</summary>
internal static class DiscoveredAgentEndpoints
{
    public static IResult List(HttpRequest request, DiscoveredAgentStore store)
    {
        if (!DiscoveredAgentQueryParser.TryParse(request.Query, out var filter, out var error))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, error);
        }

        return Results.Json(
            new DiscoveredAgentListResponse([.. store.List(filter).Select(DiscoveredAgentDto.From)]),
            RestJson.Context.DiscoveredAgentListResponse);
    }

    public static IResult Show(string id, DiscoveredAgentStore store)
    {
        if (DiscoveredAgentValidator.NormalizedId(id) is not { } discoveredAgentId)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"id: '{id}' is not a UUID (a discovered_agent_id)");
        }

        return store.Find(discoveredAgentId) is { } record
            ? Results.Json(DiscoveredAgentDto.From(record), RestJson.Context.DiscoveredAgentDto)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"no discovered agent {discoveredAgentId}; see GET /api/v1/discovered-agents");
    }
}
