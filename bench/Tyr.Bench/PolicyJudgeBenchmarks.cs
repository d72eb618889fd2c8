using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Tyr.Daemon.Policy;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Policy.Evaluation;
using Tyr.Protocol;

namespace Tyr.Bench;

/// <summary>
/// tyrd's userspace policy layer: what judging each event with Cedar adds to the batcher's work.
/// A laptop base (kernel and userspace rules) plus a cursor overlay with a condition, compiled by
/// the real compiler; 100 kernel-shaped events of every kind, half of them from cursor processes.
/// Baseline: serializing the same 100 events, which the batch path does to every event anyway.
/// </summary>
[MemoryDiagnoser]
public class PolicyJudgeBenchmarks
{
    private const string Base = """
        name: laptop-base
        rules:
          - id: allow-project-reads
            effect: allow
            operation: file_read
            paths: ["~/projects/*"]
          - id: deny-etc-writes
            effect: deny
            operation: file_write
            paths: ["/etc/*"]
            severity: high
          - id: alert-conf-reads
            effect: alert
            operation: file_read
            paths: ["/etc/*.conf"]
          - id: deny-destructive-tools
            effect: deny
            operation: exec
            binaries: [/usr/bin/rm, /usr/bin/dd, /usr/sbin/mkfs]
          - id: deny-cloud-metadata
            effect: deny
            operation: connect
            cidrs: ["169.254.169.254/32"]
          - id: deny-private-high-ports
            effect: deny
            operation: connect
            cidrs: ["10.0.0.0/8"]
            ports: ["1024-65535"]
          - id: alert-llm-apis
            effect: alert
            operation: tls
            sni: [api.openai.com, "*.anthropic.com"]
        """;

    private const string CursorOverlay = """
        name: cursor-overlay
        rules:
          - id: deny-ssh-reads
            effect: deny
            operation: file_read
            paths: ["~/.ssh/*"]
          - id: deny-home-writes-outside-projects
            effect: deny
            operation: file_write
            paths: ["~/*"]
            when: '!(context.path like "*/projects/*")'
        """;

    private static readonly string[] s_resources =
    [
        "/home/alice/projects/app/src/main.ts", "/home/alice/.ssh/id_ed25519", "/etc/hosts",
        "/home/alice/notes.txt", "/usr/bin/rm", "/usr/bin/git", "10.1.2.3:8080", "93.184.216.34:443",
        "/etc/resolv.conf", "api.anthropic.com",
    ];

    private static readonly EventKind[] s_kinds =
    [
        EventKind.FileRead, EventKind.FileRead, EventKind.FileWrite, EventKind.FileWrite, EventKind.Exec,
        EventKind.Exec, EventKind.NetConnect, EventKind.NetConnect, EventKind.FileRead, EventKind.Tls,
    ];

    private List<Event> _events = null!;
    private Verdict[] _verdicts = null!;
    private UserspaceLayer _layer = null!;
    private string _cedar = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var homes = HomeDirectories.Of(["/root", "/home/alice", "/home/bob"]);
        var compiled = PolicyCompiler.Compile(new CompileInput(
            PolicyYaml.Parse(Base, "base.yaml"), 3, [new AgentTypeOverlay("cursor", 5, PolicyYaml.Parse(CursorOverlay, "cursor.yaml"))], homes));
        _cedar = compiled.CedarText;
        var state = new PolicyState();
        state.Apply(new PolicySnapshot(7, false, compiled.CedarText, compiled.BpfEntries, []));
        _layer = new UserspaceLayer(state.Judges);

        _events = new List<Event>(100);
        for (var i = 0; i < 100; i++)
        {
            var kind = s_kinds[i % s_kinds.Length];
            var e = new Event
            {
                EventId = Guid.CreateVersion7().ToString(),
                Kind = kind,
                Resource = s_resources[i % s_resources.Length],
                Verdict = Verdict.Allow,
                Severity = Severity.Info,
                Pid = 40_000 + (i % 50),
                ProcessExe = "/usr/bin/node",
                Cmdline = "node /opt/cursor/resources/app/out/main.js",
                TimestampNs = 1_763_900_000_000_000_000 + i,
                // A TLS event comes from a source that judged nothing: version 0.
                PolicyVersion = kind == EventKind.Tls ? 0 : 7,
            };
            e.Metadata["hook"] = "lsm/file_open";
            e.Metadata["enforced"] = "true";
            e.Metadata["uid"] = "1000";
            e.Metadata["scope"] = i % 2 == 0 ? "1" : "0";
            if (i % 2 == 0)
            {
                e.Metadata["agent_type"] = "cursor";
            }

            _events.Add(e);
        }

        _verdicts = [.. _events.Select(e => e.Verdict)];
    }

    [Benchmark(Baseline = true, Description = "serialize 100 events")]
    public int Serialize()
    {
        var size = 0;
        foreach (var e in _events)
        {
            size += e.ToByteArray().Length;
        }

        return size;
    }

    [Benchmark(Description = "judge 100 events (userspace layer)")]
    public Verdict Judge()
    {
        var last = Verdict.Unspecified;
        for (var i = 0; i < _events.Count; i++)
        {
            // Each run starts from the kernel's verdict, as a fresh event would.
            var e = _events[i];
            e.Verdict = _verdicts[i];
            e.PolicyVersion = e.Kind == EventKind.Tls ? 0 : 7;
            _layer.Judge(e);
            last = e.Verdict;
        }

        return last;
    }

    [Benchmark(Description = "build the judge (once per push)")]
    public PolicyJudge Build() => PolicyJudge.Create(_cedar);
}
