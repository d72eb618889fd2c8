using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Policy.Evaluation;

namespace Tyr.PolicyTests.Compilation;

/// <summary>Helpers shared by the compiler tests: YAML in, compiled policy and judge out.</summary>
internal static class CompileFixture
{
    public static readonly HomeDirectories Homes = HomeDirectories.Of(["/root", "/home/alice", "/home/bob"]);

    public static PolicyDocument Doc(string yaml) => PolicyYaml.Parse(yaml, "test.yaml");

    public static PolicyDocument Example(string name) =>
        PolicyYaml.Load(Path.Combine(AppContext.BaseDirectory, "examples", name));

    /// <summary>A one-rule policy: <paramref name="ruleBody"/> is the rule's keys after id, indented by four.</summary>
    public static PolicyDocument Rule(string ruleBody) => Doc("name: p\nrules:\n  - id: r\n" + ruleBody);

    public static CompiledPolicy Base(PolicyDocument document) => PolicyCompiler.CompileDocument(document, Homes);

    public static Judgement Judge(CompiledPolicy policy, PolicyOperation operation, string resource, string? agentType = null) =>
        PolicyJudge.Create(policy.CedarText).Judge(new OperationFacts(operation, resource, agentType, 1000, "/usr/bin/agent", 4242));
}
