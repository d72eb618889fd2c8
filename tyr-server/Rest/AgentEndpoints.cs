using System.Text.Json;
using Grpc.Core;
using Tyr.Server.Hosting;
using Tyr.Server.Sessions;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

internal static class AgentEndpoints
{
    private static readonly TimeSpan s_pingTimeout = TimeSpan.FromSeconds(5);

    public static IResult List(AgentStore agents, SessionRegistry sessions)
    {
        var list = agents.List().Select(agent => ToDto(agent, sessions)).ToList();
        return Results.Json(new AgentListResponse(list), RestJson.Context.AgentListResponse);
    }

    public static IResult Revoke(string id, AgentStore agents, SessionRegistry sessions, ILoggerFactory loggers)
    {
        if (!Guid.TryParse(id, out var agentId))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"id: '{id}' is not a UUID");
        }

        var outcome = agents.Revoke(agentId);
        if (outcome == RevokeOutcome.NotFound)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no agent {agentId}");
        }

        var streamEnded = false;
        if (sessions.TryGet(agentId, out var session))
        {
            session.End(new Status(StatusCode.Unauthenticated, "agent revoked"));
            streamEnded = true;
        }

        if (outcome == RevokeOutcome.Revoked)
        {
            loggers.CreateLogger("Tyr.Server.Rest").AgentRevokedByApi(agentId);
        }

        return Results.Json(new RevokeResponse(agentId.ToString("D"), true, streamEnded), RestJson.Context.RevokeResponse);
    }

    public static async Task<IResult> Ping(string id, AgentStore agents, SessionRegistry sessions)
    {
        if (!Guid.TryParse(id, out var agentId))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"id: '{id}' is not a UUID");
        }

        if (agents.Find(agentId) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no agent {agentId}");
        }

        if (!sessions.TryGet(agentId, out var session))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "agent not connected");
        }

        var result = await session.PingAsync(s_pingTimeout);
        return result.Status switch
        {
            PingStatus.Answered => Results.Json(new PingResponse(result.RoundTrip.TotalMilliseconds), RestJson.Context.PingResponse),
            PingStatus.TimedOut => ApiResults.Error(StatusCodes.Status504GatewayTimeout,
                $"agent did not answer the ping within {s_pingTimeout.TotalSeconds:0} s"),
            _ => ApiResults.Error(StatusCodes.Status409Conflict, "agent not connected (its stream ended before it answered)"),
        };
    }

    private static AgentDto ToDto(AgentRecord agent, SessionRegistry sessions)
    {
        var connected = sessions.TryGet(agent.Id, out var session);
        var lastSeen = agent.LastSeen;
        if (connected && (lastSeen is null || session!.LastSeenUnixMilliseconds > lastSeen))
        {
            // Pongs and capability reports touch only the live session, not the database.
            lastSeen = session!.LastSeenUnixMilliseconds;
        }

        var capabilities = agent.CapabilitiesJson is null
            ? null
            : JsonSerializer.Deserialize(agent.CapabilitiesJson, StorageJsonContext.Default.CapabilitiesDocument);
        return new AgentDto(
            agent.Id.ToString("D"),
            agent.Name,
            agent.KernelVersion,
            agent.Arch,
            capabilities,
            connected,
            lastSeen is { } seen ? Rfc3339.FormatUnixMilliseconds(seen) : null,
            Rfc3339.FormatUnixMilliseconds(agent.EnrolledAt),
            agent.IsRevoked,
            new DropsDto(agent.Drops.SpoolDroppedEvents, agent.Drops.RingBufferDropped, agent.Drops.SourceDroppedEvents));
    }
}
