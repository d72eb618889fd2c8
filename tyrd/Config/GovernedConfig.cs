namespace Tyr.Daemon.Config;

/// <summary>
/// The <c>governed:</c> section: which programs and which cgroups the kernel layer watches and
/// enforces on. Paths are absolute and normalised (no trailing slash, no "." or "..").
/// </summary>
internal sealed class GovernedConfig
{
    public static readonly GovernedConfig Empty = new();

    /// <summary>Executables, e.g. <c>/usr/bin/cursor</c>.</summary>
    public IReadOnlyList<string> Executables { get; init; } = [];

    /// <summary>cgroup v2 directories, e.g. <c>/sys/fs/cgroup/agents.slice</c>.</summary>
    public IReadOnlyList<string> Cgroups { get; init; } = [];
}
