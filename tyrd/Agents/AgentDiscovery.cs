using System.Globalization;
using Tyr.Agents;
using Tyr.Policy;
using Tyr.Protocol;

namespace Tyr.Daemon.Agents;

/// <summary>
/// Which AI agent each governed process belongs to. Fed by the kernel's process records (exec,
/// fork, exit) on the decoder's thread; read by the transport for its reports. An agent is a root
/// process and every process it starts: the kernel passes the root's scope to children at fork,
/// this class passes them its <see cref="AgentInstance"/>.
/// <para>
/// A root is found three ways: the kernel tagged its exec (its binary is governed: configured, or
/// resolved from the catalogue); this class matched an exec the kernel reported under discovery
/// (command line, environment) and tags it itself, a few microseconds late; or it was running when
/// tyrd started. A governed process that execs something the catalogue names as another agent type
/// becomes the root of a new agent of that type; anything else it runs stays in its agent.
/// </para>
/// </summary>
internal sealed class AgentDiscovery : IAgentDirectory
{
    /// <summary>Ended agents kept for the next complete report (a reconnect), oldest forgotten first.</summary>
    public const int EndedKept = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<uint, AgentInstance> _byProcess = [];
    private readonly Dictionary<string, AgentInstance> _agents = new(StringComparer.Ordinal);
    private readonly Queue<AgentInstance> _ended = new();
    private readonly IProcessTagger _tagger;
    private readonly Func<ulong, long> _toUnixNs;
    private readonly Func<ulong> _bootNow;
    private readonly string _bootId;
    private readonly string _procRoot;
    private readonly Action<string>? _log;
    private SignatureCatalog _catalog;

    /// <param name="catalog">The signatures.</param>
    /// <param name="tagger">The kernel tables.</param>
    /// <param name="matchExecs">Match the execs of processes that are not yet an agent (discovery on); false: only kernel-tagged binaries make agents.</param>
    /// <param name="toUnixNs">Boot-clock nanoseconds to wall-clock nanoseconds.</param>
    /// <param name="bootNow">The boot clock now, in nanoseconds.</param>
    /// <param name="bootId">This boot's id, for <see cref="DiscoveredAgentId"/>.</param>
    /// <param name="log">One line per discovery.</param>
    /// <param name="procRoot">/proc.</param>
    public AgentDiscovery(
        SignatureCatalog catalog,
        IProcessTagger tagger,
        bool matchExecs,
        Func<ulong, long> toUnixNs,
        Func<ulong> bootNow,
        string bootId,
        Action<string>? log,
        string procRoot = "/proc")
    {
        _catalog = catalog;
        _tagger = tagger;
        MatchesExecs = matchExecs;
        _toUnixNs = toUnixNs;
        _bootNow = bootNow;
        _bootId = bootId;
        _log = log;
        _procRoot = procRoot;
    }

    public bool MatchesExecs { get; }

    /// <summary>Ended agents dropped from memory before a complete report carried them (more than <see cref="EndedKept"/> ended while disconnected).</summary>
    public long ForgottenUnreported { get; private set; }

    /// <summary>Agents with a process still running, per type (tyrd's /metrics).</summary>
    public Dictionary<string, int> RunningByType()
    {
        lock (_lock)
        {
            return _agents.Values.Where(a => a.ProcessCount > 0).CountBy(a => a.Type).ToDictionary(StringComparer.Ordinal);
        }
    }

    /// <summary>The server's catalogue replaces the one in use; agents already found keep their type.</summary>
    public void ReplaceCatalog(SignatureCatalog catalog)
    {
        lock (_lock)
        {
            _catalog = catalog;
        }
    }

    /// <summary>The agent of <paramref name="tgid"/>, whose latest activity becomes <paramref name="eventUnixNs"/>; null: no agent.</summary>
    public string? Stamp(uint tgid, long eventUnixNs)
    {
        lock (_lock)
        {
            if (!_byProcess.TryGetValue(tgid, out var agent))
            {
                return null;
            }

            if (eventUnixNs > agent.LastActivityNs)
            {
                agent.LastActivityNs = eventUnixNs;
                agent.Dirty = true;
            }

            return agent.Id;
        }
    }

    public void OnExec(in ProcessExec exec)
    {
        lock (_lock)
        {
            var current = _byProcess.GetValueOrDefault(exec.Tgid);
            if (exec.TaggedByKernel && AgentTypes.NameOf(exec.Scope) is { } kernelType)
            {
                if (current?.Type != kernelType)
                {
                    var match = _catalog.Match(new ProcessFacts(exec.Exe, exec.Argv));
                    var signature = match?.AgentType == kernelType ? match.Signature : $"governed executable {exec.Exe}";
                    Start(exec, kernelType, signature, TaggedBy.Kernel, 0);
                }

                return;
            }

            if (!MatchesExecs)
            {
                return;
            }

            var seen = (long)(_bootNow() - exec.ExecBootNs);
            var facts = ProcfsFacts.AtExec((int)exec.Tgid, exec.Exe, ArgvOf(exec), current?.Type, _procRoot);
            var found = _catalog.Match(facts);
            if (found is null || found.Kind == MatchKind.Inherited || found.AgentType == current?.Type
                || !AgentTypes.TryGetScope(found.AgentType, out var scope))
            {
                return;
            }

            _tagger.Tag(exec.Tgid, scope);
            var delay = (long)(_bootNow() - exec.ExecBootNs);
            var agent = Start(exec, found.AgentType, found.Signature, TaggedBy.Userspace, delay, seen);
            TagChildren(exec.Tgid, scope, agent);
            if (found.Kind == MatchKind.Executable && found.KernelTaggable && !_tagger.IsGovernedExecutable(exec.Exe)
                && _tagger.GovernExecutable(exec.Exe, scope))
            {
                // The catalogue's install paths are resolved at start; a binary installed since is
                // learnt at its first run, so that the kernel tags its next exec itself.
                _log?.Invoke($"agents: {exec.Exe} is now governed as {found.AgentType} from its exec on");
            }
        }
    }

    public void OnFork(uint parent, uint child)
    {
        lock (_lock)
        {
            if (_byProcess.TryGetValue(parent, out var agent))
            {
                _byProcess[child] = agent;
                agent.Join(child);
            }
            else if (_byProcess.Remove(child, out var stale))
            {
                stale.Leave(child, 0); // an exit tyrd never saw; the pid is reused
            }
        }
    }

    public void OnExit(uint tgid, ulong exitBootNs)
    {
        lock (_lock)
        {
            if (_byProcess.Remove(tgid, out var agent) && agent.Leave(tgid, _toUnixNs(exitBootNs)))
            {
                Ended(agent);
            }
        }
    }

    /// <summary>
    /// Finds the agents already running (their trees, parents first) and tags them; called once at
    /// start, after the fork hook is attached so that children forked meanwhile inherit the tag.
    /// </summary>
    public int ScanRunning()
    {
        var processes = RunningProcess.ReadAll(_procRoot);
        var found = 0;
        lock (_lock)
        {
            foreach (var process in processes)
            {
                var parent = _byProcess.GetValueOrDefault(process.ParentPid);
                var facts = ProcfsFacts.Read((int)process.Pid, parent?.Type, _procRoot);
                if (facts is null || _catalog.Match(facts) is not { } match || !AgentTypes.TryGetScope(match.AgentType, out var scope))
                {
                    continue;
                }

                _tagger.Tag(process.Pid, scope);
                if (parent is not null && (match.Kind == MatchKind.Inherited || match.AgentType == parent.Type))
                {
                    _byProcess[process.Pid] = parent;
                    parent.Join(process.Pid);
                    continue;
                }

                var exec = new ProcessExec(
                    process.Pid,
                    process.ParentPid,
                    facts.ExePath,
                    facts.Argv,
                    ArgvComplete: true,
                    Governed: true,
                    TaggedByKernel: false,
                    scope,
                    (ulong)DiscoveredAgentId.BootNanosecondsOf(process.StartTicks),
                    (ulong)DiscoveredAgentId.BootNanosecondsOf(process.StartTicks));
                Start(exec, match.AgentType, match.Signature, TaggedBy.Startup, 0);
                found++;
            }
        }

        return found;
    }

    /// <summary>What to tell the server: every agent kept (complete) or those that changed since the last report.</summary>
    public List<DiscoveredAgent> TakeReport(bool complete)
    {
        var report = new List<DiscoveredAgent>();
        lock (_lock)
        {
            foreach (var agent in _agents.Values)
            {
                if (complete || agent.Dirty)
                {
                    report.Add(agent.ToMessage());
                    agent.Dirty = false;
                }
            }
        }

        return report;
    }

    /// <param name="recordDelayNs">For a userspace tag: how long after the exec its record was read (the floor of any tag from user space).</param>
    private AgentInstance Start(in ProcessExec exec, string type, string signature, TaggedBy by, long tagDelayNs, long recordDelayNs = 0)
    {
        if (_byProcess.Remove(exec.Tgid, out var previous) && previous.Leave(exec.Tgid, _toUnixNs(exec.ExecBootNs)))
        {
            Ended(previous);
        }

        var id = DiscoveredAgentId.Of(_bootId, exec.Tgid, DiscoveredAgentId.TicksOf(exec.StartBootNs), type);
        if (!_agents.TryGetValue(id, out var agent))
        {
            agent = new AgentInstance(id, type, exec.Tgid, _toUnixNs(exec.StartBootNs))
            {
                Exe = exec.Exe,
                Cmdline = Tyr.Tls.Redaction.CommandLineRedactor.Redact(string.Join(' ', exec.Argv)),
                Signature = signature,
                TaggedBy = by,
                TagDelayNs = tagDelayNs,
                LastActivityNs = _toUnixNs(exec.ExecBootNs),
            };
            _agents[id] = agent;
            var delay = by == TaggedBy.Userspace
                ? string.Create(CultureInfo.InvariantCulture, $" {tagDelayNs / 1000.0:0.0} µs after its exec (its record was read after {recordDelayNs / 1000.0:0.0} µs)")
                : "";
            _log?.Invoke($"agents: {type} {id} pid {exec.Tgid} ({signature}): tagged by {agent.ToMessage().TaggedBy}{delay}");
        }

        _byProcess[exec.Tgid] = agent;
        agent.Join(exec.Tgid);
        return agent;
    }

    /// <summary>Children forked between the exec and a userspace tag did not inherit it: tag them now.</summary>
    private void TagChildren(uint root, ushort scope, AgentInstance agent)
    {
        var pending = new Stack<uint>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            foreach (var child in RunningProcess.ChildrenOf(pending.Pop(), _procRoot))
            {
                if (_byProcess.GetValueOrDefault(child) == agent)
                {
                    continue;
                }

                _tagger.Tag(child, scope);
                _byProcess[child] = agent;
                agent.Join(child);
                pending.Push(child);
            }
        }
    }

    private List<string> ArgvOf(in ProcessExec exec)
    {
        if (!exec.ArgvComplete && RunningProcess.ReadArgv(exec.Tgid, _procRoot) is { Count: > 0 } full)
        {
            return full;
        }

        return [.. exec.Argv];
    }

    private void Ended(AgentInstance agent)
    {
        _log?.Invoke($"agents: {agent.Type} {agent.Id} pid {agent.RootPid} ended");
        _ended.Enqueue(agent);
        while (_ended.Count > EndedKept)
        {
            var oldest = _ended.Dequeue();
            if (oldest.Dirty)
            {
                // Counted and said: the server's history misses this agent's end (or the agent).
                ForgottenUnreported++;
                _log?.Invoke($"agents: {oldest.Type} {oldest.Id} ended and was forgotten before the server heard of it " +
                    $"(more than {EndedKept} agents ended while it was unreachable; {ForgottenUnreported} so far)");
            }

            _agents.Remove(oldest.Id);
        }
    }
}
