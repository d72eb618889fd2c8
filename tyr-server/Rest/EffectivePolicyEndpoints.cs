using Tyr.Server.Policies;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Rest;

internal static class EffectivePolicyEndpoints
{
    /// <summary>
    /// The daemon's effective policy as of now: recomputed from the current assignments (and
    /// stored, like a push, if it changed), so it is what the daemon enforces once connected.
    /// </summary>
    public static async Task<IResult> Show(string id, AgentStore agents, EffectivePolicyService effective)
    {
        if (!Guid.TryParse(id, out var agentId))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"id: '{id}' is not a UUID");
        }

        if (agents.Find(agentId) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, $"no agent {agentId}");
        }

        var record = await effective.CurrentAsync(agentId);
        if (record is null)
        {
            return ApiResults.Error(StatusCodes.Status500InternalServerError,
                $"the effective policy of agent {agentId} cannot be compiled; the server log says why");
        }

        return Results.Json(
            new EffectivePolicyDto(
                agentId.ToString("D"),
                record.PushVersion,
                record.DenyByDefault,
                record.BaseVersion is { } version ? new PolicyRefDto(version, record.BaseName ?? string.Empty) : null,
                record.Overlays,
                record.Cedar,
                record.Routing,
                record.Homes,
                record.BpfEntries.Length,
                Tyr.BpfEntries.BpfEntriesFormat.CountOf(record.BpfEntries),
                Rfc3339.FormatUnixMilliseconds(record.CreatedAt)),
            RestJson.Context.EffectivePolicyDto);
    }
}
