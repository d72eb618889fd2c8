namespace Tyr.Cli.Api;

/// <summary>POST /assignments; <c>target_type</c> is "daemon" or "agent_type".</summary>
internal sealed record AssignRequest(long Version, string TargetType, string TargetId);
