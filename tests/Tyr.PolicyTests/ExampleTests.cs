using System.Net;
using Tyr.Cedar.Ast;
using Tyr.Policy;

namespace Tyr.PolicyTests;

/// <summary>Each shipped example in examples/policies parses to the model it describes.</summary>
public sealed class ExampleTests
{
    private static PolicyDocument LoadExample(string name) =>
        PolicyYaml.Load(Path.Combine(AppContext.BaseDirectory, "examples", name));

    [Fact]
    public void LaptopBaseAllowsProjectReadsAndDeniesEtcWrites()
    {
        var policy = LoadExample("laptop-base.yaml");

        Assert.Equal("laptop-base", policy.Name);
        Assert.Equal("Base policy for developer laptops", policy.Description);
        Assert.Equal(2, policy.Rules.Count);

        var read = policy.Rules[0];
        Assert.Equal("allow-project-reads", read.Id);
        Assert.Equal(PolicyEffect.Allow, read.Effect);
        Assert.Equal(PolicyOperation.FileRead, read.Operation);
        Assert.Equal(PolicySeverity.Info, read.Severity);
        var projects = Assert.Single(read.Paths);
        Assert.Equal("~/projects/*", projects.Text);
        Assert.True(projects.IsHomeRelative);
        Assert.Equal(PathPatternKind.Prefix, projects.Kind);
        Assert.Equal("~/projects/", projects.Prefix);
        Assert.Equal(new SourcePosition(policy.File, 6, 5), read.Position);

        var write = policy.Rules[1];
        Assert.Equal("deny-etc-writes", write.Id);
        Assert.Equal(PolicyEffect.Deny, write.Effect);
        Assert.Equal(PolicyOperation.FileWrite, write.Operation);
        Assert.Equal(PolicySeverity.High, write.Severity);
        var etc = Assert.Single(write.Paths);
        Assert.False(etc.IsHomeRelative);
        Assert.Equal(PathPatternKind.Prefix, etc.Kind);
        Assert.Empty(write.Binaries);
        Assert.Empty(write.Cidrs);
        Assert.Null(write.When);
        Assert.Null(write.Condition);
    }

    [Fact]
    public void CursorOverlayDeniesSshReadsWithHighSeverity()
    {
        var policy = LoadExample("cursor-overlay.yaml");

        var rule = Assert.Single(policy.Rules);
        Assert.Equal("deny-ssh-reads", rule.Id);
        Assert.Equal(PolicyOperation.FileRead, rule.Operation);
        Assert.Equal(PolicySeverity.High, rule.Severity);
        Assert.Equal("~/.ssh/*", Assert.Single(rule.Paths).Text);
    }

    [Fact]
    public void DenyExecListsExactBinariesAndATmpPrefix()
    {
        var policy = LoadExample("deny-exec.yaml");

        Assert.Null(policy.Description);
        Assert.Equal(["/usr/bin/rm", "/usr/bin/dd", "/usr/sbin/mkfs"], policy.Rules[0].Binaries);
        Assert.Empty(policy.Rules[0].Paths);
        Assert.Equal(PolicySeverity.Critical, policy.Rules[0].Severity);
        Assert.Equal(PolicyOperation.Exec, policy.Rules[1].Operation);
        Assert.Equal("/tmp/", Assert.Single(policy.Rules[1].Paths).Prefix);
    }

    [Fact]
    public void DenyConnectHasMetadataAddressAndPrivateRangesWithPorts()
    {
        var policy = LoadExample("deny-connect.yaml");

        var metadata = Assert.Single(policy.Rules[0].Cidrs);
        Assert.Equal(IPNetwork.Parse("169.254.169.254/32"), metadata.Network);
        Assert.Empty(policy.Rules[0].Ports);

        var rule = policy.Rules[1];
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")], rule.Cidrs.Select(c => c.Network));
        Assert.Equal([new PortRange(22, 22), new PortRange(8000, 8100)], rule.Ports);
        Assert.True(rule.Ports[1].Contains(8080));
        Assert.False(rule.Ports[1].Contains(8101));
    }

    [Fact]
    public void AlertTlsMatchesLlmApisWithOneWildcard()
    {
        var policy = LoadExample("alert-tls.yaml");

        var rule = Assert.Single(policy.Rules);
        Assert.Equal(PolicyEffect.Alert, rule.Effect);
        Assert.Equal(PolicyOperation.Tls, rule.Operation);
        Assert.Equal(PolicySeverity.Medium, rule.Severity);
        Assert.Equal(["api.openai.com", "*.anthropic.com", "generativelanguage.googleapis.com"], rule.Sni.Select(s => s.Text));
        Assert.Equal([false, true, false], rule.Sni.Select(s => s.IsWildcard));
        Assert.Equal("anthropic.com", rule.Sni[1].HostName);
    }

    [Fact]
    public void ConditionalKeepsTheCedarTextAndItsParsedForm()
    {
        var policy = LoadExample("conditional.yaml");

        var rule = Assert.Single(policy.Rules);
        Assert.Equal("context.agent_type == \"cursor\" &&\n!(context.path like \"*/projects/*\")\n", rule.When);
        Assert.IsType<AndExpr>(rule.Condition);
        Assert.Equal(PolicySeverity.Low, rule.Severity);
        Assert.Equal(PathPatternKind.Prefix, Assert.Single(rule.Paths).Kind);
    }

    [Fact]
    public void EmptyPolicyIsValid()
    {
        var policy = LoadExample("empty.yaml");

        Assert.Equal("empty", policy.Name);
        Assert.Empty(policy.Rules);
    }

    [Fact]
    public void EveryShippedExampleParses()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.yaml");

        Assert.Equal(7, files.Length);
        foreach (var file in files)
        {
            var policy = PolicyYaml.Load(file);
            Assert.Equal(Path.GetFileNameWithoutExtension(file), policy.Name);
        }
    }
}
