using Tyr.BpfEntries;
using Tyr.Policy.Compilation;
using static Tyr.PolicyTests.Compilation.CompileFixture;

namespace Tyr.PolicyTests.Compilation;

/// <summary>Every rule kind goes to the layer the spec's table names, with the reason said.</summary>
public sealed class RoutingTests
{
    private static RuleRoute RouteOf(string ruleBody) => Assert.Single(Base(Rule(ruleBody)).Routes);

    [Theory]
    [InlineData("    effect: deny\n    operation: file_write\n    paths: [\"/etc/*\"]\n", 1, "path prefixes")]
    [InlineData("    effect: deny\n    operation: file_read\n    paths: [\"/etc/shadow\"]\n", 1, "exact paths")]
    [InlineData("    effect: deny\n    operation: exec\n    binaries: [\"/bin/rm\", \"/usr/bin/curl\"]\n", 2, "exact binaries")]
    [InlineData("    effect: allow\n    operation: exec\n    paths: [\"/opt/tools/*\"]\n", 1, "path prefixes")]
    [InlineData("    effect: deny\n    operation: connect\n    cidrs: [\"10.0.0.0/8\"]\n", 1, "CIDR")]
    [InlineData("    effect: alert\n    operation: connect\n    cidrs: [\"10.0.0.0/8\", \"fd00::/8\"]\n    ports: [22, \"80-81\"]\n", 6, "CIDR and port")]
    [InlineData("    effect: deny\n    operation: connect\n    ports: [25]\n", 2, "CIDR and port")]
    [InlineData("    effect: deny\n    operation: file_read\n    paths: [\"~/.ssh/*\"]\n", 3, "path prefixes")]
    public void Kernel_rules_become_map_entries(string ruleBody, int entries, string reason)
    {
        var route = RouteOf(ruleBody);

        Assert.Equal(RuleLayer.Kernel, route.Layer);
        Assert.Equal(entries, route.KernelEntries);
        Assert.Contains(reason, route.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    effect: deny\n    operation: file_read\n    paths: [\"/etc/*.conf\"]\n", "is a glob")]
    [InlineData("    effect: deny\n    operation: file_write\n    paths: [\"/etc/*\"]\n    when: context.uid == 0\n", "`when` condition")]
    [InlineData("    effect: alert\n    operation: tls\n    sni: [\"*.openai.com\"]\n", "TLS server names")]
    [InlineData("    effect: deny\n    operation: connect\n    cidrs: [\"10.0.0.0/8\"]\n    ports: [\"1024-65535\"]\n", "64512 port numbers")]
    public void Other_rules_are_judged_in_userspace(string ruleBody, string reason)
    {
        var route = RouteOf(ruleBody);

        Assert.Equal(RuleLayer.Userspace, route.Layer);
        Assert.Equal(0, route.KernelEntries);
        Assert.Contains(reason, route.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_path_goes_to_userspace()
    {
        var route = RouteOf($"    effect: deny\n    operation: file_read\n    paths: [\"/{new string('a', 250)}/*\"]\n");

        Assert.Equal(RuleLayer.Userspace, route.Layer);
        Assert.Contains("248-byte", route.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_relative_rules_expand_to_every_home_of_the_host()
    {
        var compiled = Base(Rule("    effect: deny\n    operation: file_read\n    paths: [\"~/.ssh/*\"]\n"));
        var prefixes = BpfEntriesReader.Read(compiled.BpfEntries).Select(e => PathOf(e.Key)).Order().ToList();

        Assert.Equal(["/home/alice/.ssh/", "/home/bob/.ssh/", "/root/.ssh/"], prefixes);
        Assert.Contains("context.path like \"/home/alice/.ssh/*\"", compiled.CedarText, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_homes_a_home_rule_matches_nothing()
    {
        var compiled = PolicyCompiler.CompileDocument(Rule("    effect: deny\n    operation: file_read\n    paths: [\"~/.ssh/*\"]\n"), HomeDirectories.None);

        Assert.Equal(0, compiled.EntryCount);
        Assert.Contains("matches nothing", Assert.Single(compiled.Routes).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_names_every_rule_with_its_layer()
    {
        var report = Base(Example("laptop-base.yaml")).Describe();

        Assert.Equal(
            "kernel    base/allow-project-reads (3 entries): path prefixes are BPF map lookups\n" +
            "kernel    base/deny-etc-writes (1 entry): path prefixes are BPF map lookups\n",
            report.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_empty_policy_has_no_entries_and_is_not_deny_by_default()
    {
        var compiled = Base(Example("empty.yaml"));

        Assert.False(compiled.DenyByDefault);
        Assert.Equal(0, compiled.EntryCount);
        Assert.Empty(compiled.Routes);
    }

    private static string PathOf(byte[] key) =>
        System.Text.Encoding.UTF8.GetString(key.AsSpan(BpfKeyLayout.PathOffset).TrimEnd((byte)0));
}
