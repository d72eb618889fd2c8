using Tyr.Daemon.Policy;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

/// <summary>
/// tyrd's userspace policy layer: each kernel event judged with the Cedar text of the version the
/// kernel stamped on it, the stricter verdict kept. Policies are compiled from YAML as the server
/// does, so the Cedar is the real compiler's.
/// </summary>
public sealed class UserspaceLayerTests
{
    private static readonly HomeDirectories s_homes = HomeDirectories.Of(["/root", "/home/alice"]);

    // `when` makes it a userspace rule: the kernel knows nothing of it and allows the write.
    private const string RootEtcWrites = """
        name: root-etc
        rules:
          - id: deny-root-etc-writes
            effect: deny
            operation: file_write
            paths: ["/etc/*"]
            when: context.uid == 0
            severity: critical
        """;

    // A plain prefix: a kernel rule.
    private const string EtcWrites = """
        name: etc
        rules:
          - id: deny-etc-writes
            effect: deny
            operation: file_write
            paths: ["/etc/*"]
            severity: high
        """;

    private const string Empty = "name: empty\nrules: []\n";

    [Fact]
    public void A_userspace_rule_stricter_than_the_kernel_sets_the_verdict_and_says_it_was_not_enforced()
    {
        var (state, layer) = Push((7, Compile(RootEtcWrites)));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 7, uid: 0);

        layer.Judge(evt);

        Assert.Equal(Verdict.Deny, evt.Verdict);
        Assert.Equal(Severity.Critical, evt.Severity);
        Assert.Equal("userspace", evt.Metadata["layer"]);
        Assert.Equal("false", evt.Metadata["enforced"]);
        Assert.Equal("base/deny-root-etc-writes", evt.Metadata["rule"]);
        Assert.Equal(7, evt.PolicyVersion);
        Assert.NotNull(state.Current);
    }

    [Fact]
    public void When_the_condition_does_not_hold_the_kernels_verdict_stands()
    {
        var (_, layer) = Push((7, Compile(RootEtcWrites)));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 7, uid: 1000);

        layer.Judge(evt);

        Assert.Equal(Verdict.Allow, evt.Verdict);
        Assert.Equal("kernel", evt.Metadata["layer"]);
        Assert.Equal("true", evt.Metadata["enforced"]);
        Assert.False(evt.Metadata.ContainsKey("rule"));
    }

    [Fact]
    public void When_the_kernel_decided_the_event_names_the_rule()
    {
        var (_, layer) = Push((7, Compile(EtcWrites)));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/passwd", Verdict.Deny, version: 7, uid: 1000, ruleId: "1");

        layer.Judge(evt);

        Assert.Equal(Verdict.Deny, evt.Verdict);
        Assert.Equal("kernel", evt.Metadata["layer"]);
        Assert.Equal("true", evt.Metadata["enforced"]);
        Assert.Equal("base/deny-etc-writes", evt.Metadata["rule"]);
        Assert.Equal("1", evt.Metadata["rule_id"]);
    }

    [Fact]
    public void An_observed_deny_stays_an_alert_that_the_kernel_decided()
    {
        var (_, layer) = Push((7, Compile(EtcWrites)));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/passwd", Verdict.Alert, version: 7, uid: 1000, ruleId: "1");
        evt.Metadata["would_deny"] = "true";
        evt.Metadata["enforced"] = "false";

        layer.Judge(evt);

        Assert.Equal(Verdict.Alert, evt.Verdict);
        Assert.Equal("kernel", evt.Metadata["layer"]);
        Assert.Equal("base/deny-etc-writes", evt.Metadata["rule"]);
    }

    [Fact]
    public void Each_event_is_judged_by_the_version_that_judged_it_in_the_kernel()
    {
        var (_, layer) = Push((7, Compile(RootEtcWrites)), (8, Compile(Empty)));
        var old = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 7, uid: 0);
        var current = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 8, uid: 0);

        layer.Judge(old);
        layer.Judge(current);

        Assert.Equal(Verdict.Deny, old.Verdict);
        Assert.False(old.Metadata.ContainsKey("policy_judge"));
        Assert.Equal(Verdict.Allow, current.Verdict);
    }

    [Fact]
    public void An_event_older_than_the_last_two_versions_is_judged_by_the_current_one_and_says_so()
    {
        var (_, layer) = Push((7, Compile(Empty)), (8, Compile(Empty)), (9, Compile(RootEtcWrites)));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 7, uid: 0);

        layer.Judge(evt);

        Assert.Equal("current", evt.Metadata["policy_judge"]);
        Assert.Equal(Verdict.Deny, evt.Verdict);
        Assert.Equal(7, evt.PolicyVersion);
    }

    [Fact]
    public void An_overlay_judges_only_its_agent_types_processes()
    {
        var overlay = PolicyYaml.Parse(
            """
            name: cursor-conf
            rules:
              - id: deny-conf-reads
                effect: deny
                operation: file_read
                paths: ["/etc/*.conf"]
            """,
            "cursor.yaml");
        var compiled = PolicyCompiler.Compile(new CompileInput(Doc(Empty), 3, [new AgentTypeOverlay("cursor", 5, overlay)], s_homes));
        var (_, layer) = Push((7, compiled));
        var cursor = KernelEvent(EventKind.FileRead, "/etc/resolv.conf", Verdict.Allow, version: 7, uid: 1000, scope: 1);
        var other = KernelEvent(EventKind.FileRead, "/etc/resolv.conf", Verdict.Allow, version: 7, uid: 1000, scope: 0);

        layer.Judge(cursor);
        layer.Judge(other);

        Assert.Equal(Verdict.Deny, cursor.Verdict);
        Assert.Equal("cursor/deny-conf-reads", cursor.Metadata["rule"]);
        Assert.Equal(Verdict.Allow, other.Verdict);
    }

    [Fact]
    public void A_connect_is_judged_on_ip_and_port()
    {
        var policy = Compile("""
            name: ssh
            rules:
              - id: deny-ssh-high-ports
                effect: deny
                operation: connect
                cidrs: ["127.0.0.0/8"]
                ports: ["1024-65535"]
            """);
        var (_, layer) = Push((7, policy));
        var v4 = KernelEvent(EventKind.NetConnect, "127.0.0.2:8080", Verdict.Allow, version: 7, uid: 1000);
        var low = KernelEvent(EventKind.NetConnect, "127.0.0.2:80", Verdict.Allow, version: 7, uid: 1000);

        layer.Judge(v4);
        layer.Judge(low);

        Assert.Equal(Verdict.Deny, v4.Verdict);
        Assert.Equal("base/deny-ssh-high-ports", v4.Metadata["rule"]);
        Assert.Equal(Verdict.Allow, low.Verdict);
    }

    [Fact]
    public void Deny_by_default_events_are_left_as_the_kernel_made_them()
    {
        var (_, layer) = Push((7, Compile(RootEtcWrites)), (8, DenyByDefault()));
        var evt = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Deny, version: 0, uid: 0);
        evt.Metadata["deny_by_default"] = "true";

        layer.Judge(evt);

        Assert.Equal(Verdict.Deny, evt.Verdict);
        Assert.False(evt.Metadata.ContainsKey("layer"));
        Assert.False(evt.Metadata.ContainsKey("rule"));
    }

    [Fact]
    public void A_TLS_event_that_no_kernel_judged_is_judged_by_the_current_policy()
    {
        var policy = Compile("""
            name: llm
            rules:
              - id: alert-llm-apis
                effect: alert
                operation: tls
                sni: ["*.anthropic.com"]
                severity: medium
            """);
        var (_, layer) = Push((7, policy));
        var evt = new Event { Kind = EventKind.Tls, Resource = "api.anthropic.com", Pid = 42, ProcessExe = "/usr/bin/agent" };

        layer.Judge(evt);

        Assert.Equal(Verdict.Alert, evt.Verdict);
        Assert.Equal(Severity.Medium, evt.Severity);
        Assert.Equal("userspace", evt.Metadata["layer"]);
        Assert.Equal("base/alert-llm-apis", evt.Metadata["rule"]);
        Assert.Equal(7, evt.PolicyVersion);
    }

    [Fact]
    public void Cedar_that_does_not_load_is_reported_on_the_events_of_its_version()
    {
        var state = new PolicyState();
        state.Apply(new PolicySnapshot(7, false, "this is not cedar", Compile(Empty).BpfEntries, []));
        var layer = new UserspaceLayer(state.Judges);
        var evt = KernelEvent(EventKind.FileWrite, "/etc/hosts", Verdict.Allow, version: 7, uid: 0);

        layer.Judge(evt);

        Assert.Equal(Verdict.Allow, evt.Verdict);
        Assert.Contains("policy v7", evt.Metadata["policy_errors"], StringComparison.Ordinal);
    }

    [Fact]
    public void The_log_line_sums_a_push_up()
    {
        var overlay = PolicyYaml.Parse(RootEtcWrites, "cursor.yaml");
        var compiled = PolicyCompiler.Compile(new CompileInput(Doc(EtcWrites), 3, [new AgentTypeOverlay("cursor", 5, overlay)], s_homes));
        var push = new PolicySnapshot(7, false, compiled.CedarText, compiled.BpfEntries, [new OverlayInfo { AgentType = "cursor", PolicyVersion = 5, Scope = 1 }], 3, "laptop");

        Assert.Equal(1, compiled.EntryCount); // deny-etc-writes: one prefix
        Assert.Equal("policy v7: base laptop v3 + overlay cursor v5; 1 kernel entry", PolicySummary.Describe(push));
        Assert.Equal("policy v9: no base + overlay cursor v5; 1 kernel entry", PolicySummary.Describe(push with { Version = 9, BaseVersion = 0, BaseName = "" }));
        Assert.Equal(
            "policy v8: deny-by-default (nothing assigned); every governed operation is denied",
            PolicySummary.Describe(new PolicySnapshot(8, true, "", ReadOnlyMemory<byte>.Empty, [])));
    }

    private static PolicyDocument Doc(string yaml) => PolicyYaml.Parse(yaml, "test.yaml");

    private static CompiledPolicy Compile(string yaml) => PolicyCompiler.CompileDocument(Doc(yaml), s_homes);

    private static CompiledPolicy DenyByDefault() => PolicyCompiler.Compile(new CompileInput(null, null, [], s_homes));

    private static (PolicyState State, UserspaceLayer Layer) Push(params (long Version, CompiledPolicy Policy)[] pushes)
    {
        var state = new PolicyState();
        foreach (var (version, policy) in pushes)
        {
            state.Apply(new PolicySnapshot(version, policy.DenyByDefault, policy.CedarText, policy.BpfEntries, []));
        }

        return (state, new UserspaceLayer(state.Judges));
    }

    /// <summary>An event as the kernel decoder makes it (docs/kernel.md, "Decoder").</summary>
    private static Event KernelEvent(EventKind kind, string resource, Verdict verdict, long version, uint uid, ushort scope = 0, string? ruleId = null)
    {
        var evt = new Event
        {
            Kind = kind,
            Resource = resource,
            Verdict = verdict,
            Severity = Severity.Info,
            Pid = 4242,
            ProcessExe = "/usr/bin/agent",
            PolicyVersion = version,
        };
        evt.Metadata["enforced"] = "true";
        evt.Metadata["uid"] = uid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        evt.Metadata["scope"] = scope.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (AgentTypes.NameOf(scope) is { } type)
        {
            evt.Metadata["agent_type"] = type;
        }

        if (ruleId is not null)
        {
            evt.Metadata["rule_id"] = ruleId;
        }

        return evt;
    }
}
