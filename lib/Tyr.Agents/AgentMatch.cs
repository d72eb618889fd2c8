namespace Tyr.Agents;

/// <summary>Which kind of evidence named a process's agent type, from the weakest to the strongest.</summary>
public enum MatchKind
{
    /// <summary>No signature of its own matched: the type comes from the parent (or from before a re-exec).</summary>
    Inherited = 1,

    /// <summary>An environment marker an agent sets for its children (e.g. <c>CLAUDECODE=1</c>).</summary>
    Environment = 2,

    /// <summary>The executable's base name or the task's comm, without a known install path.</summary>
    Name = 3,

    /// <summary>A Python interpreter running <c>-m MODULE</c>.</summary>
    Module = 4,

    /// <summary>An interpreter (node, python, ...) running a known script path.</summary>
    Script = 5,

    /// <summary>The executable's path matches a known install location of the agent's own binary.</summary>
    Executable = 6,
}

/// <summary>The agent type of one process and the evidence for it.</summary>
/// <param name="AgentType">One of <see cref="Tyr.Policy.AgentTypes.Names"/>.</param>
/// <param name="Kind">What matched.</param>
/// <param name="Signature">The catalogue entry and pattern that matched, e.g. <c>claude-code executables: **/node_modules/@anthropic-ai/claude-code/bin/claude.exe</c>; for an inherited type, <c>inherited</c>.</param>
/// <param name="KernelTaggable">Whether the type's signature lets the kernel tag it at exec (see docs/agents.md).</param>
public sealed record AgentMatch(string AgentType, MatchKind Kind, string Signature, bool KernelTaggable)
{
    /// <summary>
    /// How specific the evidence is: executable 5 &gt; script or module 4 &gt; name 3 &gt; environment 2 &gt; inherited 1.
    /// A process's own match replaces an inherited type only from name upwards (see <see cref="SignatureCatalog.Match"/>).
    /// </summary>
    public int Specificity => Kind switch
    {
        MatchKind.Executable => 5,
        MatchKind.Script or MatchKind.Module => 4,
        MatchKind.Name => 3,
        MatchKind.Environment => 2,
        _ => 1,
    };
}
