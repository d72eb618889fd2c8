namespace Tyr.Server.Rest;

/// <summary>POST /assignments.</summary>
internal sealed record AssignRequest(long? Version, string? TargetType, string? TargetId);
