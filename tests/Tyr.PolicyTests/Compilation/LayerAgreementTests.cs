using System.Globalization;
using System.Text;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Policy.Evaluation;

namespace Tyr.PolicyTests.Compilation;

/// <summary>
/// The two layers agree: for generated policies whose rules the kernel can express, and generated
/// operations that fall near their edges (nested prefixes, exact paths, binaries, nested networks,
/// ports, IPv4-mapped addresses, typed and untyped processes), the Cedar text picks the same verdict,
/// rule and severity as the kernel's lookup of the entries (<see cref="KernelModel"/>).
/// Seeded: TYR_POLICY_AGREEMENT_SEED and TYR_POLICY_AGREEMENT_CASES change the run.
/// </summary>
public sealed class LayerAgreementTests
{
    private static readonly string[] s_pathPatterns =
    [
        "/etc/*", "/etc/ssl/*", "/etc/ssl/private/*", "/etc/passwd", "/etc/passwd*", "/etc*", "/home/*",
        "/home/alice/*", "/home/alice/.ssh/*", "~/.ssh/*", "~/projects/*", "~/.bashrc", "/tmp/*", "/usr/bin/*",
        "/usr/bin/curl", "/bin/rm",
    ];

    private static readonly string[] s_binaries = ["/usr/bin/curl", "/bin/rm", "/usr/bin/ssh", "/tmp/x"];

    private static readonly string[] s_cidrs =
    [
        "10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.3", "0.0.0.0/0", "192.168.0.0/16", "fd00::/8",
        "fd00:1::/32", "::/0", "::ffff:10.1.0.0/112", "127.0.0.0/8",
    ];

    private static readonly string[] s_ports = ["22", "80", "443", "\"8000-8003\""];

    private static readonly string[] s_files =
    [
        "/etc/passwd", "/etc/passwd.d/x", "/etc/ssl/cert.pem", "/etc/ssl/private/key", "/etcd/x", "/etc/",
        "/home/alice/.ssh/id_rsa", "/home/bob/.ssh/id_rsa", "/root/.ssh/config", "/home/alice/projects/a.c",
        "/home/bob/projects/x/y", "/home/alice/.bashrc", "/root/.bashrc", "/tmp/x", "/tmp/y/z", "/usr/bin/curl",
        "/usr/bin/ssh", "/bin/rm", "/var/log/syslog",
    ];

    private static readonly string[] s_addresses =
    [
        "10.1.2.3", "10.1.2.4", "10.1.3.1", "10.2.0.1", "11.0.0.1", "192.168.1.1", "127.0.0.1", "[fd00::1]",
        "[fd00:1::5]", "[fe80::1]", "[::ffff:10.1.2.3]", "[::ffff:11.0.0.1]",
    ];

    private static readonly int[] s_requestPorts = [22, 80, 443, 8001, 9999];

    private static readonly string?[] s_agentTypes = [null, "cursor", "codex", "aider"];

    private static readonly string[] s_effects = ["deny", "allow", "alert"];

    private static readonly string[] s_severities = ["info", "low", "medium", "high", "critical"];

    private static readonly string[] s_overlayTypes = ["cursor", "codex"];

    [Fact]
    public void Cedar_and_the_kernel_entries_give_the_same_verdict()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TYR_POLICY_AGREEMENT_SEED"), out var s) ? s : 1;
        var cases = int.TryParse(Environment.GetEnvironmentVariable("TYR_POLICY_AGREEMENT_CASES"), out var c) ? c : 1500;
        var random = new Random(seed);
        var compared = 0;
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < cases; i++)
        {
            var input = RandomInput(random);
            var compiled = PolicyCompiler.Compile(input);
            Assert.All(compiled.Routes, r => Assert.Equal(RuleLayer.Kernel, r.Layer));
            var names = compiled.Routes.ToDictionary(r => r.KernelRuleId, r => r.Scope + "/" + r.RuleId);
            var kernel = KernelModel.Of(compiled.BpfEntries);
            var judge = PolicyJudge.Create(compiled.CedarText);

            for (var j = 0; j < 25; j++)
            {
                var (operation, resource) = RandomOperation(random);
                var agentType = s_agentTypes[random.Next(s_agentTypes.Length)];
                AgentTypes.TryGetScope(agentType ?? "", out var scope);

                var expected = Expected(compiled, kernel, names, operation, resource, scope);
                var judged = judge.Judge(new OperationFacts(operation, resource, agentType, 1000, "/usr/bin/agent", 7));
                var actual = (judged.Verdict, judged.RuleId, judged.Severity);
                if (expected != actual)
                {
                    Assert.Fail($"seed {seed} case {i}: {operation} {resource} as {agentType ?? "(untyped)"}: kernel {expected}, Cedar {actual}\n{Describe(input)}\n{compiled.CedarText}");
                }

                compared++;
                var key = expected.Item1 + (expected.Item2 is null or CedarVocabulary.DenyByDefaultId ? " (default)" : "");
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        }

        // The generator must reach every outcome, or the agreement says little.
        Assert.Equal(cases * 25, compared);
        Assert.All(["Allow", "Allow (default)", "Deny", "Alert", "Deny (default)"], o => Assert.True(outcomes.GetValueOrDefault(o) > cases / 100, $"{o}: {outcomes.GetValueOrDefault(o)}"));
    }

    private static (JudgedVerdict, string?, PolicySeverity) Expected(
        CompiledPolicy compiled, KernelModel kernel, Dictionary<uint, string> names, PolicyOperation operation, string resource, ushort scope)
    {
        if (compiled.DenyByDefault)
        {
            return (JudgedVerdict.Deny, CedarVocabulary.DenyByDefaultId, PolicySeverity.High);
        }

        if (kernel.Judge(operation, resource, scope) is not { } rule)
        {
            return (JudgedVerdict.Allow, null, PolicySeverity.Info);
        }

        var verdict = (JudgedVerdict)rule.Verdict;
        var severity = (PolicySeverity)(rule.Severity - 1);
        if (rule.RuleId == 0)
        {
            return verdict == JudgedVerdict.Deny ? (verdict, CedarVocabulary.DenyByDefaultId, severity) : (verdict, null, PolicySeverity.Info);
        }

        return (verdict, names[rule.RuleId], severity);
    }

    private static CompileInput RandomInput(Random random)
    {
        var basePolicy = random.Next(10) < 8 ? RandomDocument(random, "base") : null;
        var overlays = new List<AgentTypeOverlay>();
        foreach (var type in s_overlayTypes)
        {
            if (random.Next(3) == 0)
            {
                overlays.Add(new AgentTypeOverlay(type, 2, RandomDocument(random, type)));
            }
        }

        return new CompileInput(basePolicy, basePolicy is null ? null : 1, overlays, CompileFixture.Homes);
    }

    private static PolicyDocument RandomDocument(Random random, string name)
    {
        var yaml = new StringBuilder($"name: {name}\nrules:");
        var count = random.Next(7);
        if (count == 0)
        {
            yaml.Append(" []");
        }

        for (var i = 0; i < count; i++)
        {
            var effect = s_effects[random.Next(s_effects.Length)];
            yaml.Append(CultureInfo.InvariantCulture, $"\n  - id: r{i}\n    effect: {effect}\n    severity: {s_severities[random.Next(s_severities.Length)]}\n");
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    yaml.Append(CultureInfo.InvariantCulture, $"    operation: {(random.Next(2) == 0 ? "file_read" : "file_write")}\n    paths: [{Pick(random, s_pathPatterns, 1, 3)}]");
                    break;
                case 2:
                    yaml.Append("    operation: exec\n");
                    yaml.Append(random.Next(3) switch
                    {
                        0 => $"    binaries: [{Pick(random, s_binaries, 1, 2)}]",
                        1 => $"    paths: [{Pick(random, s_pathPatterns, 1, 2)}]",
                        _ => $"    binaries: [{Pick(random, s_binaries, 1, 2)}]\n    paths: [{Pick(random, s_pathPatterns, 1, 2)}]",
                    });
                    break;
                default:
                    yaml.Append("    operation: connect\n");
                    yaml.Append(random.Next(3) switch
                    {
                        0 => $"    cidrs: [{Pick(random, s_cidrs, 1, 3)}]",
                        1 => $"    ports: [{Pick(random, s_ports, 1, 2)}]",
                        _ => $"    cidrs: [{Pick(random, s_cidrs, 1, 2)}]\n    ports: [{Pick(random, s_ports, 1, 2)}]",
                    });
                    break;
            }
        }

        return PolicyYaml.Parse(yaml.ToString(), name + ".yaml");
    }

    private static string Pick(Random random, string[] from, int min, int max)
    {
        var count = random.Next(min, max + 1);
        return string.Join(", ", Enumerable.Range(0, count).Select(_ => from[random.Next(from.Length)]).Distinct()
            .Select(s => s.StartsWith('"') || char.IsDigit(s[0]) && !s.Contains(':', StringComparison.Ordinal) && !s.Contains('.', StringComparison.Ordinal) ? s : $"\"{s}\""));
    }

    private static (PolicyOperation, string) RandomOperation(Random random)
    {
        var operation = (PolicyOperation)random.Next(4);
        if (operation == PolicyOperation.Connect)
        {
            return (operation, $"{s_addresses[random.Next(s_addresses.Length)]}:{s_requestPorts[random.Next(s_requestPorts.Length)]}");
        }

        return (operation, s_files[random.Next(s_files.Length)]);
    }

    private static string Describe(CompileInput input)
    {
        var text = new StringBuilder();
        foreach (var (scope, doc) in new[] { ("base", input.Base) }.Concat(input.Overlays.Select(o => (o.AgentType, (PolicyDocument?)o.Document))))
        {
            if (doc is null)
            {
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"[{scope}]");
            foreach (var r in doc.Rules)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {r.Id} {r.Effect} {r.Operation} paths={string.Join(',', r.Paths)} bin={string.Join(',', r.Binaries)} cidrs={string.Join(',', r.Cidrs)} ports={string.Join(',', r.Ports)}");
            }
        }

        return text.ToString();
    }
}
