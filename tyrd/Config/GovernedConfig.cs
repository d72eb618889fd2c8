namespace Tyr.Daemon.Config;

/// <summary>
/// The <c>governed:</c> section: which programs and which cgroups the kernel layer watches and
/// enforces on, and with which rule scope. Paths are absolute and normalised (no trailing slash, no
/// "." or ".."), and each appears under one heading only.
/// </summary>
internal sealed class GovernedConfig
{
    public static readonly GovernedConfig Empty = new();

    /// <summary>Executables, e.g. <c>/usr/bin/cursor</c>, governed by the daemon's base rules only (scope 0).</summary>
    public IReadOnlyList<string> Executables { get; init; } = [];

    /// <summary>cgroup v2 directories, e.g. <c>/sys/fs/cgroup/agents.slice</c>, governed by the base rules only.</summary>
    public IReadOnlyList<string> Cgroups { get; init; } = [];

    /// <summary>
    /// <c>governed.agent_types</c>: processes of a known AI-agent type, governed by the base rules
    /// plus that type's overlay. Until agent discovery exists, this is how a process gets a type.
    /// </summary>
    public IReadOnlyList<GovernedAgentType> AgentTypes { get; init; } = [];
}
