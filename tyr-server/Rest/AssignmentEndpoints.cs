using Tyr.Policy;
using Tyr.Server.Hosting;
using Tyr.Server.Policies;
using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

/// <summary>Binding versions to daemons (their base) and agent types (overlays); every change is pushed at once.</summary>
internal static class AssignmentEndpoints
{
    private const int MaxBodyBytes = 4096;
    private const string Example = """{"version": 3, "target_type": "daemon", "target_id": "30f880da-e7dd-4b5f-ba5a-97d0d37dc945"}""";

    public static IResult List(AssignmentStore assignments) => Results.Json(
        new AssignmentListResponse([.. assignments.List().Select(AssignmentDto.From)]),
        RestJson.Context.AssignmentListResponse);

    public static async Task<IResult> Assign(HttpContext http, AssignmentStore assignments, AgentStore agents,
        EffectivePolicyService effective, ILoggerFactory loggers)
    {
        var body = await RequestBodies.ReadAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return RequestBodies.TooLarge(MaxBodyBytes);
        }

        if (!RequestBodies.TryParse(body, RestJson.Context.AssignRequest, Example, out var request, out var error))
        {
            return error;
        }

        if (request.Version is not { } version || version < 1)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest,
                request.Version is null ? "version: required: the policy version to assign" : $"version: '{request.Version}' is not a policy version number (1, 2, ...)");
        }

        if (!TryTarget(request.TargetType, request.TargetId, out var target, out error))
        {
            return error;
        }

        if (target.IsDaemon && agents.Find(Guid.Parse(target.Id)) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no agent {target.Id}; see GET /api/v1/agents");
        }

        var author = Operator.Of(http);
        var assigned = assignments.Assign(target, version, author);
        if (assigned is null)
        {
            return PolicyEndpoints.NoSuchVersion(version);
        }

        loggers.CreateLogger("Tyr.Server.Rest").PolicyAssigned(version, target.Type, target.Id, author);
        await effective.PushAsync(PolicyChange.Of([target]));
        return Results.Json(AssignmentDto.From(assigned), RestJson.Context.AssignmentDto);
    }

    public static async Task<IResult> Unassign(string targetType, string targetId, HttpContext http, AssignmentStore assignments,
        EffectivePolicyService effective, ILoggerFactory loggers)
    {
        if (!TryTarget(targetType, targetId, out var target, out var error, checkAgentType: false))
        {
            return error;
        }

        var removed = assignments.Unassign(target);
        if (removed is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no policy is assigned to {target}; see GET /api/v1/assignments");
        }

        var author = Operator.Of(http);
        loggers.CreateLogger("Tyr.Server.Rest").PolicyUnassigned(removed.Version, target.Type, target.Id, author);
        await effective.PushAsync(PolicyChange.Of([target]));
        return Results.Json(new UnassignResponse(AssignmentDto.From(removed)), RestJson.Context.UnassignResponse);
    }

    /// <summary>
    /// A valid target: a daemon's UUID (normalised to lower case) or a known agent type. Unassigning
    /// does not insist on a known type, so nothing stored can become impossible to remove.
    /// </summary>
    private static bool TryTarget(string? type, string? id, out AssignmentTarget target, out IResult error, bool checkAgentType = true)
    {
        target = default;
        error = Results.Empty;
        if (string.IsNullOrEmpty(type))
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest, "target_type: required: daemon or agent_type");
            return false;
        }

        if (!AssignmentTarget.Types.Contains(type, StringComparer.Ordinal))
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest, $"target_type: '{type}' is not one of daemon, agent_type");
            return false;
        }

        if (string.IsNullOrEmpty(id))
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest,
                $"target_id: required: {(type == AssignmentTarget.Daemon ? "the agent's UUID (see GET /api/v1/agents)" : "an agent type such as cursor")}");
            return false;
        }

        if (type == AssignmentTarget.Daemon)
        {
            if (!Guid.TryParse(id, out var agentId))
            {
                error = ApiResults.Error(StatusCodes.Status400BadRequest, $"target_id: '{id}' is not a UUID");
                return false;
            }

            target = new AssignmentTarget(type, agentId.ToString("D"));
            return true;
        }

        if (checkAgentType && !AgentTypes.TryGetScope(id, out _))
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest, "target_id: " + AgentTypes.UnknownMessage(id));
            return false;
        }

        target = new AssignmentTarget(type, id);
        return true;
    }
}
