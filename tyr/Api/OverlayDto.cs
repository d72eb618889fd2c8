namespace Tyr.Cli.Api;

/// <summary>An agent-type overlay in an effective policy; <c>scope</c> is its fixed rule scope.</summary>
internal sealed record OverlayDto(string AgentType, int Scope, long Version, string? Name);
