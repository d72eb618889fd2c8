using System.Globalization;
using System.Text;
using Tyr.KernelTests.Infrastructure;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Policy.Evaluation;
using Tyr.Protocol;

namespace Tyr.KernelTests;

/// <summary>
/// The compiler's two outputs agree in the real kernel: generated connect policies (a base and a
/// cursor overlay, or an overlay alone) are compiled, their entries put in force through the cgroup
/// connect hooks, and governed shells in a base cgroup and a cursor cgroup connect to loopback
/// addresses near the rules' edges. Every connect's kernel verdict, rule and errno must be what the
/// compiled Cedar says. Only loopback, on ports nothing listens on.
/// </summary>
public sealed class CompiledPolicyAgreement
{
    private static readonly string[] s_cidrs =
        ["127.0.0.0/8", "127.1.0.0/16", "127.1.2.0/24", "127.1.2.3", "127.2.0.0/16", "0.0.0.0/0", "::1", "::/0", "::ffff:127.1.0.0/112"];

    private static readonly string[] s_ports = ["40001", "40002", "\"40001-40003\""];

    private static readonly string[] s_effects = ["deny", "allow", "alert"];

    private static readonly string[] s_addresses = ["127.0.0.9", "127.1.2.3", "127.1.2.9", "127.1.9.9", "127.2.0.1", "::1", "::ffff:127.1.2.3"];

    private static readonly int[] s_targetPorts = [40001, 40002, 40003];

    [Fact]
    public async Task Kernel_verdicts_match_the_compiled_Cedar()
    {
        Requires.Root();
        using var baseGroup = TestCgroup.Create();
        using var cursorGroup = TestCgroup.Create();
        AgentTypes.TryGetScope("cursor", out var cursorScope);
        await using var running = RunningSource.Start(new Tyr.Daemon.Kernel.KernelOptions
        {
            GovernedCgroups = [new(baseGroup.Path), new(cursorGroup.Path, cursorScope)],
        });
        ConnectEnforcement.RequireEnforcedConnect(running);
        var random = new Random(20261123);
        var compared = 0;
        var verdicts = new HashSet<Verdict>();

        for (var version = 1; version <= 12; version++)
        {
            var input = RandomInput(random, hasBase: version % 4 != 0);
            var compiled = PolicyCompiler.Compile(input);
            var names = compiled.Routes.ToDictionary(r => r.KernelRuleId, r => r.Scope + "/" + r.RuleId);
            var judge = PolicyJudge.Create(compiled.CedarText);
            running.Source.ApplyPolicy(compiled.BpfEntries, version);

            foreach (var (group, agentType) in new[] { (baseGroup, (string?)null), (cursorGroup, "cursor") })
            {
                var outcome = await ConnectAllAsync(group);
                var events = await WaitForConnectsAsync(running, version, agentType is null ? (ushort)0 : cursorScope);
                foreach (var (endpoint, denied) in outcome)
                {
                    var judged = judge.Judge(new OperationFacts(PolicyOperation.Connect, endpoint, agentType, 0, "/bin/bash", 1));
                    var seen = events[endpoint];
                    var rule = seen.Metadata.TryGetValue("rule_id", out var id) ? uint.Parse(id, CultureInfo.InvariantCulture) : 0;
                    var seenRule = rule == 0 ? (seen.Verdict == Verdict.Deny ? CedarVocabulary.DenyByDefaultId : null) : names[rule];
                    var context = $"v{version} {agentType ?? "base"} {endpoint}\n{compiled.CedarText}";
                    Assert.True((Verdict)judged.Verdict == seen.Verdict, $"kernel {seen.Verdict}, Cedar {judged.Verdict}: {context}");
                    Assert.True(judged.RuleId == seenRule, $"kernel rule {seenRule}, Cedar {judged.RuleId}: {context}");
                    Assert.True(denied == (judged.Verdict == JudgedVerdict.Deny), $"EPERM {denied}, Cedar {judged.Verdict}: {context}");
                    verdicts.Add(seen.Verdict);
                    compared++;
                }
            }
        }

        Assert.Equal(12 * 2 * s_addresses.Length * s_targetPorts.Length, compared);
        Assert.Equal([Verdict.Allow, Verdict.Deny, Verdict.Alert], verdicts.Order());
    }

    /// <summary>One governed shell in <paramref name="group"/> tries every target; EPERM means the kernel denied it.</summary>
    private static async Task<Dictionary<string, bool>> ConnectAllAsync(TestCgroup group)
    {
        var script = new StringBuilder($"echo $$ > {group.Path}/cgroup.procs\n");
        foreach (var address in s_addresses)
        {
            foreach (var port in s_targetPorts)
            {
                script.Append(CultureInfo.InvariantCulture, $"m=$( (exec 3<>/dev/tcp/{address}/{port}) 2>&1 ); case \"$m\" in *'not permitted'*) echo \"{Endpoint(address, port)} deny\";; *) echo \"{Endpoint(address, port)} other\";; esac\n");
            }
        }

        var result = await ProcessResult.RunAsync("/bin/bash", script.ToString(), TimeSpan.FromSeconds(30));
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => parts[1] == "deny");
    }

    private static async Task<Dictionary<string, Event>> WaitForConnectsAsync(RunningSource running, long version, ushort scope)
    {
        var expected = s_addresses.Length * s_targetPorts.Length;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var seen = running.Events(e => e.Kind == EventKind.NetConnect && e.PolicyVersion == version && e.Metadata["scope"] == scope.ToString(CultureInfo.InvariantCulture))
                .GroupBy(e => e.Resource)
                .ToDictionary(g => g.Key, g => g.Last());
            if (seen.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.Equal(expected, seen.Count);
                return seen;
            }

            await Task.Delay(50);
        }
    }

    private static string Endpoint(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";

    /// <summary>A base and maybe a cursor overlay; without a base, always an overlay (the no-base defaults).</summary>
    private static CompileInput RandomInput(Random random, bool hasBase) =>
        new(
            hasBase ? RandomDocument(random, "base") : null,
            hasBase ? 1 : null,
            random.Next(3) > 0 || !hasBase ? [new AgentTypeOverlay("cursor", 2, RandomDocument(random, "cursor"))] : [],
            HomeDirectories.None);

    private static PolicyDocument RandomDocument(Random random, string name)
    {
        var yaml = new StringBuilder($"name: {name}\nrules:");
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"\n  - id: r{i}\n    effect: {s_effects[random.Next(s_effects.Length)]}\n    operation: connect\n");
            var cidrs = $"    cidrs: [{string.Join(", ", Enumerable.Range(0, random.Next(1, 3)).Select(_ => $"\"{s_cidrs[random.Next(s_cidrs.Length)]}\"").Distinct())}]";
            var ports = $"    ports: [{s_ports[random.Next(s_ports.Length)]}]";
            yaml.Append(random.Next(3) switch
            {
                0 => cidrs,
                1 => ports,
                _ => cidrs + "\n" + ports,
            });
        }

        return PolicyYaml.Parse(yaml.ToString(), name + ".yaml");
    }
}
