namespace Tyr.Cli.Api;

internal sealed record AssignmentListResponse(IReadOnlyList<AssignmentDto> Assignments);
