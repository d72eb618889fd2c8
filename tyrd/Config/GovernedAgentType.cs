namespace Tyr.Daemon.Config;

/// <summary>The executables and cgroups of one agent type, with its fixed rule scope (Tyr.Policy.AgentTypes).</summary>
internal sealed record GovernedAgentType(string Name, ushort Scope, IReadOnlyList<string> Executables, IReadOnlyList<string> Cgroups);
