using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Policy.Evaluation;
using static Tyr.PolicyTests.Compilation.CompileFixture;

namespace Tyr.PolicyTests.Compilation;

/// <summary>
/// The spec's effective-policy semantics, judged through the compiled Cedar: base plus the overlay
/// of the process's agent type; no assignment denies everything; an empty policy denies nothing.
/// </summary>
public sealed class EffectivePolicyTests
{
    private static CompiledPolicy LaptopWithCursor() => PolicyCompiler.Compile(new CompileInput(
        Example("laptop-base.yaml"), 3, [new AgentTypeOverlay("cursor", 5, Example("cursor-overlay.yaml"))], Homes));

    [Fact]
    public void The_cursor_overlay_governs_cursor_processes_only()
    {
        var policy = LaptopWithCursor();

        var cursor = Judge(policy, PolicyOperation.FileRead, "/home/alice/.ssh/id_ed25519", "cursor");
        var other = Judge(policy, PolicyOperation.FileRead, "/home/alice/.ssh/id_ed25519");
        var codex = Judge(policy, PolicyOperation.FileRead, "/home/alice/.ssh/id_ed25519", "codex");

        Assert.Equal((JudgedVerdict.Deny, "cursor/deny-ssh-reads", PolicySeverity.High), (cursor.Verdict, cursor.RuleId, cursor.Severity));
        Assert.Equal((JudgedVerdict.Allow, (string?)null), (other.Verdict, other.RuleId));
        Assert.Equal((JudgedVerdict.Allow, (string?)null), (codex.Verdict, codex.RuleId));
    }

    [Fact]
    public void The_base_applies_to_every_process_overlay_or_not()
    {
        var policy = LaptopWithCursor();

        Assert.Equal("base/deny-etc-writes", Judge(policy, PolicyOperation.FileWrite, "/etc/hosts", "cursor").RuleId);
        Assert.Equal("base/deny-etc-writes", Judge(policy, PolicyOperation.FileWrite, "/etc/hosts").RuleId);
        Assert.Equal(JudgedVerdict.Deny, Judge(policy, PolicyOperation.FileWrite, "/etc/hosts").Verdict);
        Assert.Equal("base/allow-project-reads", Judge(policy, PolicyOperation.FileRead, "/home/bob/projects/x.c", "cursor").RuleId);
        Assert.Equal(JudgedVerdict.Allow, Judge(policy, PolicyOperation.FileWrite, "/tmp/x").Verdict);
    }

    [Fact]
    public void No_assignment_denies_everything_governed()
    {
        var policy = PolicyCompiler.Compile(new CompileInput(null, null, [], Homes));

        Assert.True(policy.DenyByDefault);
        Assert.Equal(0, policy.EntryCount);
        foreach (var operation in Enum.GetValues<PolicyOperation>())
        {
            var judgement = Judge(policy, operation, operation == PolicyOperation.Connect ? "10.0.0.1:80" : "/tmp/x", "cursor");
            Assert.Equal((JudgedVerdict.Deny, CedarVocabulary.DenyByDefaultId), (judgement.Verdict, judgement.RuleId));
        }
    }

    [Fact]
    public void An_empty_policy_denies_nothing_and_alerts_on_nothing()
    {
        var policy = PolicyCompiler.Compile(new CompileInput(Example("empty.yaml"), 1, [], Homes));

        Assert.False(policy.DenyByDefault);
        Assert.Equal(0, policy.EntryCount);
        foreach (var operation in Enum.GetValues<PolicyOperation>())
        {
            var judgement = Judge(policy, operation, operation == PolicyOperation.Connect ? "10.0.0.1:80" : "/etc/shadow");
            Assert.Equal((JudgedVerdict.Allow, (string?)null), (judgement.Verdict, judgement.RuleId));
        }
    }

    [Fact]
    public void Without_a_base_an_overlay_governs_its_type_and_the_rest_is_denied()
    {
        var policy = PolicyCompiler.Compile(new CompileInput(null, null, [new AgentTypeOverlay("cursor", 5, Example("cursor-overlay.yaml"))], Homes));

        Assert.False(policy.DenyByDefault);
        Assert.Equal(JudgedVerdict.Allow, Judge(policy, PolicyOperation.FileWrite, "/tmp/x", "cursor").Verdict);
        Assert.Equal(JudgedVerdict.Deny, Judge(policy, PolicyOperation.FileRead, "/root/.ssh/id_rsa", "cursor").Verdict);
        Assert.Equal(CedarVocabulary.DenyByDefaultId, Judge(policy, PolicyOperation.FileWrite, "/tmp/x").RuleId);
        Assert.Equal(CedarVocabulary.DenyByDefaultId, Judge(policy, PolicyOperation.FileWrite, "/tmp/x", "codex").RuleId);
    }

    [Fact]
    public void Within_a_scope_the_most_specific_rule_wins_whatever_its_effect()
    {
        var policy = Base(Doc("""
            name: p
            rules:
              - id: deny-etc
                effect: deny
                operation: file_write
                paths: ["/etc/*"]
              - id: allow-ssl
                effect: allow
                operation: file_write
                paths: ["/etc/ssl/*"]
              - id: alert-ssl-private
                effect: alert
                operation: file_write
                paths: ["/etc/ssl/private/*"]
            """));

        Assert.Equal("base/deny-etc", Judge(policy, PolicyOperation.FileWrite, "/etc/passwd").RuleId);
        Assert.Equal("base/allow-ssl", Judge(policy, PolicyOperation.FileWrite, "/etc/ssl/cert.pem").RuleId);
        Assert.Equal(JudgedVerdict.Allow, Judge(policy, PolicyOperation.FileWrite, "/etc/ssl/cert.pem").Verdict);
        Assert.Equal(JudgedVerdict.Alert, Judge(policy, PolicyOperation.FileWrite, "/etc/ssl/private/key.pem").Verdict);
    }

    [Fact]
    public void An_overlay_cannot_lift_a_base_deny()
    {
        var overlay = Doc("""
            name: o
            rules:
              - id: allow-etc
                effect: allow
                operation: file_write
                paths: ["/etc/hosts"]
            """);
        var policy = PolicyCompiler.Compile(new CompileInput(Example("laptop-base.yaml"), 1, [new AgentTypeOverlay("cursor", 2, overlay)], Homes));

        var judgement = Judge(policy, PolicyOperation.FileWrite, "/etc/hosts", "cursor");
        Assert.Equal((JudgedVerdict.Deny, "base/deny-etc-writes"), (judgement.Verdict, judgement.RuleId));
    }

    [Fact]
    public void A_userspace_allow_does_not_lift_a_kernel_deny()
    {
        var policy = Base(Doc("""
            name: p
            rules:
              - id: deny-etc
                effect: deny
                operation: file_write
                paths: ["/etc/*"]
              - id: allow-conf
                effect: allow
                operation: file_write
                paths: ["/etc/*.conf"]
            """));

        Assert.Equal(JudgedVerdict.Deny, Judge(policy, PolicyOperation.FileWrite, "/etc/x.conf").Verdict);
    }

    [Fact]
    public void A_tls_condition_on_the_model_applies_to_the_calls_that_name_it_and_not_to_bare_handshakes()
    {
        var policy = Base(Doc("""
            name: p
            rules:
              - id: no-opus
                effect: deny
                operation: tls
                sni: ["*.anthropic.com"]
                when: context.model like "claude-opus-*" && context.path like "/v1/messages*"
              - id: no-streaming-gemini
                effect: alert
                operation: tls
                sni: ["generativelanguage.googleapis.com"]
                when: context.api == "gemini.generate_content" && context.stream
            """));
        var judge = PolicyJudge.Create(policy.CedarText);
        OperationFacts Call(string sni, TlsCallFacts call) => new(PolicyOperation.Tls, sni, "claude-code", 1000, "/usr/bin/node", 7) { Tls = call };

        var opus = judge.Judge(Call("api.anthropic.com", new TlsCallFacts("claude-opus-5-5", "POST", "/v1/messages?beta=true", "anthropic.messages", true)));
        var sonnet = judge.Judge(Call("api.anthropic.com", new TlsCallFacts("claude-sonnet-4-5", "POST", "/v1/messages", "anthropic.messages", true)));
        var handshake = judge.Judge(Call("api.anthropic.com", TlsCallFacts.None));
        var gemini = judge.Judge(Call("generativelanguage.googleapis.com", new TlsCallFacts("gemini-3-pro", "POST", "/v1beta/models/gemini-3-pro:streamGenerateContent?alt=sse", "gemini.generate_content", true)));

        Assert.Equal((JudgedVerdict.Deny, "base/no-opus"), (opus.Verdict, opus.RuleId));
        Assert.Equal(JudgedVerdict.Allow, sonnet.Verdict);
        Assert.Equal((JudgedVerdict.Allow, 0), (handshake.Verdict, handshake.Errors.Count));
        Assert.Equal((JudgedVerdict.Alert, "base/no-streaming-gemini"), (gemini.Verdict, gemini.RuleId));
    }

    [Fact]
    public void Connect_tls_and_conditions_are_judged()
    {
        var policy = Base(Doc("""
            name: p
            rules:
              - id: no-metadata
                effect: deny
                operation: connect
                cidrs: ["169.254.169.254"]
              - id: ssh-out
                effect: alert
                operation: connect
                ports: [22]
              - id: openai
                effect: alert
                operation: tls
                sni: ["*.openai.com"]
              - id: root-etc
                effect: deny
                operation: file_read
                paths: ["/etc/*"]
                when: context.uid == 0
            """));

        Assert.Equal("base/no-metadata", Judge(policy, PolicyOperation.Connect, "169.254.169.254:80").RuleId);
        Assert.Equal("base/no-metadata", Judge(policy, PolicyOperation.Connect, "[::ffff:169.254.169.254]:80").RuleId);
        Assert.Equal(JudgedVerdict.Alert, Judge(policy, PolicyOperation.Connect, "[fd00::1]:22").Verdict);
        Assert.Equal(JudgedVerdict.Allow, Judge(policy, PolicyOperation.Connect, "10.0.0.1:23").Verdict);
        Assert.Equal("base/openai", Judge(policy, PolicyOperation.Tls, "api.openai.com").RuleId);
        Assert.Null(Judge(policy, PolicyOperation.Tls, "a.b.openai.com").RuleId);
        Assert.Null(Judge(policy, PolicyOperation.Tls, "openai.com").RuleId);
        Assert.Equal(JudgedVerdict.Allow, Judge(policy, PolicyOperation.FileRead, "/etc/passwd").Verdict);
        var asRoot = PolicyJudge.Create(policy.CedarText).Judge(new OperationFacts(PolicyOperation.FileRead, "/etc/passwd", null, 0, "/bin/cat", 1));
        Assert.Equal("base/root-etc", asRoot.RuleId);
    }

    [Fact]
    public void A_read_write_open_is_judged_as_a_write_and_a_read_like_the_kernel()
    {
        var policy = PolicyJudge.Create(LaptopWithCursor().CedarText);
        var open = new OperationFacts(PolicyOperation.FileWrite, "/home/alice/.ssh/id_rsa", "cursor", 1000, "/bin/vi", 9, ReadWrite: true);

        Assert.Equal("cursor/deny-ssh-reads", policy.Judge(open).RuleId);
        Assert.Equal(JudgedVerdict.Allow, policy.Judge(open with { ReadWrite = false }).Verdict);
        Assert.True(OperationFacts.IsReadWrite("0x8042"));
        Assert.False(OperationFacts.IsReadWrite("0x8041"));
        Assert.False(OperationFacts.IsReadWrite(null));
    }
}
