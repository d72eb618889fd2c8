namespace Tyr.Server.Rest;

internal sealed record UnassignResponse(AssignmentDto Removed);
