namespace Tyr.Policy.Compilation;

/// <summary>An agent-type overlay in force on a daemon: the policy version assigned to the type.</summary>
public sealed record AgentTypeOverlay(string AgentType, long Version, PolicyDocument Document);

/// <summary>
/// What one daemon's effective policy is made of: its base (null when no policy is assigned to it),
/// the overlays of the agent types assigned a policy, and what <c>~</c> stands for on its host.
/// </summary>
public sealed record CompileInput(PolicyDocument? Base, long? BaseVersion, IReadOnlyList<AgentTypeOverlay> Overlays, HomeDirectories Homes);
