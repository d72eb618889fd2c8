namespace Tyr.Server.Rest;

internal sealed record AssignmentListResponse(IReadOnlyList<AssignmentDto> Assignments);
