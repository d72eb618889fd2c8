namespace Tyr.Cli.Api;

/// <summary>DELETE /assignments/{type}/{id}: the assignment that was removed.</summary>
internal sealed record UnassignResponse(AssignmentDto Removed);
