namespace Tyr.Daemon.Runtime;

/// <summary>The arguments of <c>tyrd run</c>.</summary>
internal sealed record RunOptions(string StateDirectory, string ConfigPath, string? TestEventSocket);
