namespace Tyr.Agents;

/// <summary>
/// What tyrd knows about one process image when it names its agent type: the executable (<c>/proc/PID/exe</c>,
/// symlinks resolved), its argv, its environment, and the agent type of the process it descends from (or, on a
/// re-exec, the type the same process had before the exec).
/// </summary>
/// <param name="ExePath">The absolute path of the running image.</param>
/// <param name="Argv">The command line; for a <c>#!</c> script the kernel puts the interpreter first and the script path second.</param>
/// <param name="Environment">The environment variables; null or empty when they could not be read.</param>
/// <param name="ParentAgentType">The parent's type (or the pre-exec type on a re-exec); null when it was no agent or is unknown.</param>
/// <param name="Comm">The kernel's 15-character task name, when known (a process may set it, e.g. Bun sets <c>claude</c>).</param>
/// <param name="Cwd">The working directory, used to make a relative script argument absolute; null when unknown.</param>
public sealed record ProcessFacts(
    string ExePath,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? ParentAgentType = null,
    string? Comm = null,
    string? Cwd = null);
