using System.Net;
using Tyr.Cedar.Syntax;
using Tyr.Policy;

namespace Tyr.PolicyTests;

/// <summary>Every refusal, with the exact 1-based position of the offending node and its message.</summary>
public sealed class RefusalTests
{
    private const string File = "policy.yaml";

    private static PolicyYamlException Refuse(string yaml) =>
        Assert.Throws<PolicyYamlException>(() => PolicyYaml.Parse(yaml, File));

    private static void AssertSingleError(string yaml, int line, int column, string message)
    {
        var e = Refuse(yaml);
        Assert.Equal(new PolicyYamlError(File, line, column, message), Assert.Single(e.Errors));
        Assert.Equal($"{File}:{line}:{column}: {message}", e.Message);
        Assert.Equal((File, line, column, message), (e.File, e.Line, e.Column, e.Detail));
    }

    /// <summary>A policy with one file_write rule whose sixth line is <c>    KEY: VALUE</c> (values start at column 5).</summary>
    private static string RuleWith(string sixthLine) => $"""
        name: p
        rules:
          - id: r1
            effect: deny
            operation: file_write
        {sixthLine}
        """;

    [Fact]
    public void MisspeltKeyIsRefusedWithASuggestionAndTheMissingKeyIsAlsoReported()
    {
        var e = Refuse("""
            name: p
            rules:
              - id: r1
                efect: deny
                operation: file_write
                paths: ["/etc/*"]
            """);

        Assert.Equal(
            [
                new PolicyYamlError(File, 4, 5, "unknown key `efect` (did you mean `effect`?)"),
                new PolicyYamlError(File, 3, 5, "missing required key `effect`"),
            ],
            e.Errors);
        Assert.Equal("policy.yaml:4:5: unknown key `efect` (did you mean `effect`?) (and 1 more error)", e.Message);
    }

    [Fact]
    public void UnknownKeyWithoutACloseMatchListsTheKnownKeys() =>
        AssertSingleError("name: p\nrules: []\ncolour: red\n", 3, 1, "unknown key `colour` (known keys: name, description, rules)");

    [Fact]
    public void DuplicateKeyIsRefusedAtTheSecondOccurrence() =>
        AssertSingleError(RuleWith("    paths: [\"/etc/*\"]\n    effect: allow"), 7, 5, "duplicate key `effect`");

    [Fact]
    public void MissingNameIsReportedAtTheDocument() =>
        AssertSingleError("rules: []\n", 1, 1, "missing required key `name`");

    [Fact]
    public void MissingRulesIsReportedAtTheDocument() =>
        AssertSingleError("name: p\n", 1, 1, "missing required key `rules`");

    [Fact]
    public void MissingIdIsReportedAtTheRule() =>
        AssertSingleError("name: p\nrules:\n  - effect: deny\n    operation: file_write\n    paths: [\"/x\"]\n", 3, 5, "missing required key `id`");

    [Fact]
    public void EmptyDocumentIsRefused() =>
        AssertSingleError("# nothing here\n", 1, 1, "the policy is empty: expected a mapping with `name` and `rules`");

    [Theory]
    [InlineData("name: [a]\nrules: []\n", 1, 7, "`name` must be a single value, not a list")]
    [InlineData("name: p\nrules: {}\n", 2, 8, "`rules` must be a list of rules (use `[]` for none)")]
    [InlineData("name: p\nrules:\n", 2, 7, "`rules` must be a list of rules (use `[]` for none)")]
    [InlineData("name: p\nrules:\n  - just-a-string\n", 3, 5, "a rule must be a mapping with `id`, `effect` and `operation`")]
    [InlineData("- name: p\n", 1, 1, "the policy must be a mapping with `name` and `rules`")]
    [InlineData("name: p\nrules:\n  - id: r1\n    effect: {deny: 1}\n    operation: exec\n    binaries: [/bin/x]\n", 4, 13, "`effect` must be a single value, not a mapping")]
    [InlineData("name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: exec\n    binaries: /bin/x\n", 6, 15, "`binaries` must be a list")]
    [InlineData("name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: exec\n    binaries: [[/bin/x]]\n", 6, 16, "each item of `binaries` must be a single value")]
    public void WrongNodeTypesAreRefused(string yaml, int line, int column, string message) =>
        AssertSingleError(yaml, line, column, message);

    [Theory]
    [InlineData("    effect: block", "effect", "`effect` must be one of deny, allow, alert; got `block`")]
    [InlineData("    operation: file_writes", "operation", "`operation` must be one of file_read, file_write, exec, connect, tls; got `file_writes`")]
    [InlineData("    severity: urgent", "severity", "`severity` must be one of info, low, medium, high, critical; got `urgent`")]
    public void BadEnumValuesListTheAllowedOnes(string line, string key, string message)
    {
        var yaml = line.Contains("effect", StringComparison.Ordinal)
            ? "name: p\nrules:\n  - id: r1\n    operation: file_write\n    paths: [\"/x\"]\n" + line + "\n"
            : "name: p\nrules:\n  - id: r1\n    effect: deny\n    paths: [\"/x\"]\n" + line + "\n";
        if (key == "severity")
        {
            yaml = RuleWith("    paths: [\"/x\"]\n" + line);
        }

        var e = Refuse(yaml);

        var expectedLine = key == "severity" ? 7 : 6;
        Assert.Equal(new PolicyYamlError(File, expectedLine, 7 + key.Length, message), e.Errors[0]);
    }

    [Theory]
    [InlineData("Laptop")]
    [InlineData("-laptop")]
    [InlineData("lap top")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public void BadPolicyNamesAreRefused(string name) =>
        AssertSingleError($"name: '{name}'\nrules: []\n", 1, 7,
            $"invalid name `{name}`: use 1 to 63 characters from a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit");

    [Fact]
    public void LongestValidNameIsAccepted() =>
        Assert.Equal(63, PolicyYaml.Parse($"name: {new string('a', 63)}\nrules: []\n", File).Name.Length);

    [Fact]
    public void BadRuleIdIsRefused() =>
        AssertSingleError("name: p\nrules:\n  - id: Deny_All\n    effect: deny\n    operation: file_write\n    paths: [\"/x\"]\n", 3, 9,
            "invalid rule id `Deny_All`: use 1 to 63 characters from a-z, 0-9, `.`, `_`, `-`, starting with a letter or digit");

    [Fact]
    public void DuplicateRuleIdPointsAtTheSecond() =>
        AssertSingleError("""
            name: p
            rules:
              - id: same
                effect: deny
                operation: file_write
                paths: ["/x"]
              - id: same
                effect: allow
                operation: file_read
                paths: ["/y"]
            """, 7, 9, "duplicate rule id `same` (first used at line 3)");

    [Theory]
    [InlineData("file_write", "cidrs: [\"10.0.0.0/8\"]", "`cidrs` does not apply to file_write; use `paths`")]
    [InlineData("file_read", "binaries: [/bin/sh]", "`binaries` does not apply to file_read; use `paths`")]
    [InlineData("exec", "ports: [22]", "`ports` does not apply to exec; use `paths` or `binaries`")]
    [InlineData("connect", "sni: [a.com]", "`sni` does not apply to connect; use `cidrs` or `ports`")]
    [InlineData("tls", "paths: [\"/x\"]", "`paths` does not apply to tls; use `sni`")]
    public void MatchKeyOfAnotherOperationIsRefusedAtTheKey(string operation, string extra, string message)
    {
        var matching = operation switch
        {
            "file_write" or "file_read" or "exec" => "paths: [\"/x\"]",
            "connect" => "cidrs: [\"10.0.0.0/8\"]",
            _ => "sni: [a.com]",
        };
        AssertSingleError(
            $"name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: {operation}\n    {matching}\n    {extra}\n", 7, 5, message);
    }

    [Theory]
    [InlineData("file_read", "a file_read rule needs `paths`")]
    [InlineData("file_write", "a file_write rule needs `paths`")]
    [InlineData("exec", "a exec rule needs `paths` or `binaries`")]
    [InlineData("connect", "a connect rule needs `cidrs` or `ports`")]
    [InlineData("tls", "a tls rule needs `sni`")]
    public void RuleWithoutItsMatchKeyIsRefusedAtTheRule(string operation, string message) =>
        AssertSingleError($"name: p\nrules:\n  - id: r1\n    effect: alert\n    operation: {operation}\n", 3, 5, message);

    [Fact]
    public void ConnectWithOnlyPortsIsAccepted()
    {
        var rule = Assert.Single(PolicyYaml.Parse(
            "name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: connect\n    ports: [\"1-1024\"]\n", File).Rules);
        Assert.Equal(new PortRange(1, 1024), Assert.Single(rule.Ports));
        Assert.Empty(rule.Cidrs);
    }

    [Fact]
    public void ExecWithPathsAndBinariesIsAccepted()
    {
        var rule = Assert.Single(PolicyYaml.Parse(
            "name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: exec\n    paths: [\"/opt/*/bin/*\"]\n    binaries: [/bin/sh]\n", File).Rules);
        Assert.Equal(PathPatternKind.Glob, Assert.Single(rule.Paths).Kind);
        Assert.Equal("/bin/sh", Assert.Single(rule.Binaries));
    }

    [Fact]
    public void EmptyMatchListIsRefused() =>
        AssertSingleError(RuleWith("    paths: []"), 6, 12, "`paths` must not be empty");

    [Theory]
    [InlineData("etc/*", "path pattern `etc/*` must be absolute (`/...`) or home-relative (`~/...`)")]
    [InlineData("", "path pattern `` must be absolute (`/...`) or home-relative (`~/...`)")]
    [InlineData("~user/x", "path pattern `~user/x` must be absolute (`/...`) or home-relative (`~/...`)")]
    [InlineData("/home/~/x", "path pattern `/home/~/x`: `~` is only allowed as the first character, followed by `/`")]
    [InlineData("/etc/?", "path pattern `/etc/?` uses `?`: only `*` is supported as a wildcard")]
    [InlineData("/etc/[ab]", "path pattern `/etc/[ab]` uses `[`: only `*` is supported as a wildcard")]
    [InlineData("/etc/{a,b}", "path pattern `/etc/{a,b}` uses `{`: only `*` is supported as a wildcard")]
    [InlineData("/etc/../x", "path pattern `/etc/../x` must not contain `.` or `..` segments")]
    [InlineData("/etc/./x", "path pattern `/etc/./x` must not contain `.` or `..` segments")]
    [InlineData("~/..", "path pattern `~/..` must not contain `.` or `..` segments")]
    [InlineData("/etc//x", "path pattern `/etc//x` must not contain `//`")]
    [InlineData("/etc/\\0x", "path pattern must not contain a NUL character")]
    public void BadPathPatternsAreRefusedAtTheItem(string pattern, string message) =>
        AssertSingleError(RuleWith($"    paths: [\"/ok\", \"{pattern}\"]"), 6, 20, message);

    [Theory]
    [InlineData("/etc/passwd", false, PathPatternKind.Exact)]
    [InlineData("/etc/*", false, PathPatternKind.Prefix)]
    [InlineData("/etc/ssh*", false, PathPatternKind.Prefix)]
    [InlineData("~/.ssh/*", true, PathPatternKind.Prefix)]
    [InlineData("/home/*/.ssh/*", false, PathPatternKind.Glob)]
    [InlineData("~/*.pem", true, PathPatternKind.Glob)]
    [InlineData("/..x/.y", false, PathPatternKind.Exact)]
    public void PathPatternsRecordHomeRelativityAndKind(string pattern, bool homeRelative, PathPatternKind kind)
    {
        var path = Assert.Single(Assert.Single(PolicyYaml.Parse(RuleWith($"    paths: [\"{pattern}\"]"), File).Rules).Paths);
        Assert.Equal(new PathPattern(pattern, homeRelative, kind), path);
    }

    [Theory]
    [InlineData("/usr/bin/*", "binary `/usr/bin/*` must be an exact path: wildcards are not allowed (use `paths` for patterns)")]
    [InlineData("rm", "binary `rm` must be an absolute path (starting with `/`)")]
    [InlineData("~/bin/tool", "binary `~/bin/tool` must be an absolute path (starting with `/`)")]
    [InlineData("/usr/bin/../rm", "binary `/usr/bin/../rm` must not contain `.` or `..` segments")]
    [InlineData("/usr/bin/", "binary `/usr/bin/` must name a file, not a directory")]
    public void BadBinariesAreRefused(string binary, string message) =>
        AssertSingleError($"name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: exec\n    binaries: [\"{binary}\"]\n", 6, 16, message);

    [Theory]
    [InlineData("10.0.0.1/8", "`10.0.0.1/8` has bits set after the /8 prefix; did you mean `10.0.0.0/8`?")]
    [InlineData("fd00::1/8", "`fd00::1/8` has bits set after the /8 prefix; did you mean `fd00::/8`?")]
    [InlineData("300.1.1.1", "`300.1.1.1` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("10.0.0.0/33", "`10.0.0.0/33` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("10", "`10` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("10.1/16", "`10.1/16` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("010.0.0.1", "`010.0.0.1` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("fe80::1%eth0", "`fe80::1%eth0` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    [InlineData("example.com", "`example.com` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)")]
    public void BadCidrsAreRefused(string cidr, string message) =>
        AssertSingleError($"name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: connect\n    cidrs: [\"{cidr}\"]\n", 6, 13, message);

    [Theory]
    [InlineData("169.254.169.254", "169.254.169.254/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void BareAddressesAreSingleHostNetworks(string cidr, string network)
    {
        var rule = Assert.Single(PolicyYaml.Parse($"name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: connect\n    cidrs: [\"{cidr}\"]\n", File).Rules);
        Assert.Equal(IPNetwork.Parse(network), Assert.Single(rule.Cidrs).Network);
    }

    [Theory]
    [InlineData("0", "`0` is not a port: expected 1..65535 or a range \"lo-hi\"")]
    [InlineData("65536", "`65536` is not a port: expected 1..65535 or a range \"lo-hi\"")]
    [InlineData("ssh", "`ssh` is not a port: expected 1..65535 or a range \"lo-hi\"")]
    [InlineData("-5", "`-5` is not a port range: expected \"lo-hi\" with ports in 1..65535")]
    [InlineData("80-", "`80-` is not a port range: expected \"lo-hi\" with ports in 1..65535")]
    [InlineData("9000-8000", "port range `9000-8000` is empty: the low port must not exceed the high port")]
    public void BadPortsAreRefused(string port, string message) =>
        AssertSingleError($"name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: connect\n    ports: [443, \"{port}\"]\n", 6, 18, message);

    [Fact]
    public void PortBoundsAndSinglePortRangesAreAccepted()
    {
        var rule = Assert.Single(PolicyYaml.Parse("name: p\nrules:\n  - id: r1\n    effect: deny\n    operation: connect\n    ports: [1, 65535, \"7-7\"]\n", File).Rules);
        Assert.Equal([new PortRange(1, 1), new PortRange(65535, 65535), new PortRange(7, 7)], rule.Ports);
    }

    [Theory]
    [InlineData("*.*.example.com", "server name `*.*.example.com`: `*` is only allowed as a whole leading label (`*.example.com`)")]
    [InlineData("api.*.com", "server name `api.*.com`: `*` is only allowed as a whole leading label (`*.example.com`)")]
    [InlineData("*api.example.com", "server name `*api.example.com`: `*` is only allowed as a whole leading label (`*.example.com`)")]
    [InlineData("*", "server name `*`: `*` is only allowed as a whole leading label (`*.example.com`)")]
    [InlineData("exa mple.com", "server name `exa mple.com` contains ` `: only letters, digits, `-` and `.` are allowed")]
    [InlineData("example..com", "server name `example..com` has an empty label")]
    [InlineData("-example.com", "server name `-example.com` has a label that starts or ends with `-`")]
    public void BadServerNamesAreRefused(string sni, string message) =>
        AssertSingleError($"name: p\nrules:\n  - id: r1\n    effect: alert\n    operation: tls\n    sni: [\"{sni}\"]\n", 6, 11, message);

    [Fact]
    public void ServerNamesAreLowerCased()
    {
        var rule = Assert.Single(PolicyYaml.Parse("name: p\nrules:\n  - id: r1\n    effect: alert\n    operation: tls\n    sni: [API.OpenAI.com]\n", File).Rules);
        Assert.Equal(new SniPattern("api.openai.com", false), Assert.Single(rule.Sni));
    }

    [Fact]
    public void YamlSyntaxErrorsCarryTheirPosition()
    {
        var e = Refuse("name: p\nrules: [\n");

        var error = Assert.Single(e.Errors);
        Assert.Equal((File, 3, 1), (error.File, error.Line, error.Column));
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("policy.yaml:3:1: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorsInSeveralRulesAreAllReportedInDocumentOrder()
    {
        var e = Refuse("""
            name: Bad
            rules:
              - id: r1
                effect: deny
                operation: file_write
                paths: ["etc"]
              - id: r2
                effect: maybe
                operation: connect
                cidrs: ["10.0.0.0/8"]
                ports: [0]
            """);

        Assert.Equal(
            [(1, 7), (6, 13), (8, 13), (11, 13)],
            e.Errors.Select(error => (error.Line, error.Column)));
        Assert.EndsWith("(and 3 more errors)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadReportsAMissingFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tyr-no-such-policy-{Guid.NewGuid():N}.yaml");

        var e = Assert.Throws<PolicyYamlException>(() => PolicyYaml.Load(path));

        Assert.Equal(path, e.File);
        Assert.StartsWith($"{path}:1:1: cannot read: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeverityDefaultsDependOnTheEffect()
    {
        static PolicySeverity SeverityOf(string effect) => Assert.Single(PolicyYaml.Parse(
            $"name: p\nrules:\n  - id: r1\n    effect: {effect}\n    operation: file_read\n    paths: [\"/x\"]\n", File).Rules).Severity;

        Assert.Equal(PolicySeverity.Medium, SeverityOf("deny"));
        Assert.Equal(PolicySeverity.Medium, SeverityOf("alert"));
        Assert.Equal(PolicySeverity.Info, SeverityOf("allow"));
    }

    [Fact]
    public void CedarSyntaxCheckHelperAgreesWithCedar()
    {
        // Guards the positions used by ConditionTests: the Cedar parser reports the stray `)` where it stands.
        var e = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("context.a == 1 )"));
        Assert.Equal((1, 16), (e.Line, e.Column));
    }
}
