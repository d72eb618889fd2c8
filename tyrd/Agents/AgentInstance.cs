using Tyr.Protocol;

namespace Tyr.Daemon.Agents;

/// <summary>How a process became an agent's root.</summary>
internal enum TaggedBy
{
    /// <summary>The kernel, at the exec of a governed binary: its first system call was governed.</summary>
    Kernel,

    /// <summary>tyrd, after the exec, from its command line or environment.</summary>
    Userspace,

    /// <summary>tyrd at its start: the agent was already running.</summary>
    Startup,
}

/// <summary>One running (or recently ended) AI agent: a root process and the processes it started.</summary>
internal sealed class AgentInstance(string id, string type, uint rootPid, long startedAtNs)
{
    private readonly HashSet<uint> _processes = [rootPid];

    public string Id { get; } = id;

    public string Type { get; } = type;

    public uint RootPid { get; } = rootPid;

    public long StartedAtNs { get; } = startedAtNs;

    public string Exe { get; init; } = "";

    public string Cmdline { get; init; } = "";

    public string Signature { get; init; } = "";

    public TaggedBy TaggedBy { get; init; }

    /// <summary>From the exec to the kernel map update, for <see cref="TaggedBy.Userspace"/>.</summary>
    public long TagDelayNs { get; init; }

    public long LastActivityNs { get; set; }

    public long EndedAtNs { get; private set; }

    public int ProcessCount => _processes.Count;

    /// <summary>Changed since it was last reported to the server.</summary>
    public bool Dirty { get; set; } = true;

    public void Join(uint pid)
    {
        Dirty |= _processes.Add(pid);
    }

    /// <summary>The process left (exited or became another agent); true when it was the last one.</summary>
    public bool Leave(uint pid, long atNs)
    {
        if (!_processes.Remove(pid))
        {
            return false;
        }

        Dirty = true;
        if (_processes.Count > 0)
        {
            return false;
        }

        EndedAtNs = atNs;
        return true;
    }

    public DiscoveredAgent ToMessage() => new()
    {
        DiscoveredAgentId = Id,
        AgentType = Type,
        RootPid = RootPid,
        Exe = Exe,
        Cmdline = Cmdline,
        StartedAtNs = StartedAtNs,
        ProcessCount = (uint)_processes.Count,
        LastActivityNs = Math.Max(LastActivityNs, StartedAtNs),
        EndedAtNs = EndedAtNs,
        Signature = Signature,
        TaggedBy = TaggedBy switch
        {
            TaggedBy.Kernel => "kernel",
            TaggedBy.Userspace => "userspace",
            _ => "startup",
        },
        TagDelayNs = TagDelayNs,
    };
}
