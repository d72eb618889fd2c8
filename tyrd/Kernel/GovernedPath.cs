namespace Tyr.Daemon.Kernel;

/// <summary>
/// An executable or a cgroup v2 directory whose processes are governed, and the rule scope they get
/// (0 = the daemon's base rules only; N = the base plus agent-type overlay N).
/// </summary>
internal readonly record struct GovernedPath(string Path, ushort Scope = 0);
