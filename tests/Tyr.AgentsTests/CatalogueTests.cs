using Tyr.Agents;
using Tyr.Policy;

namespace Tyr.AgentsTests;

/// <summary>The shipped catalogue: it loads, covers every agent type, and its kernel flags are coherent.</summary>
public sealed class CatalogueTests
{
    [Fact]
    public void TheShippedCatalogueCoversEveryAgentTypeExactlyOnce()
    {
        var catalog = SignatureCatalog.LoadDefault();

        Assert.Equal("embedded:agents.yaml", catalog.Source);
        Assert.Equal(AgentTypes.Names.Order(StringComparer.Ordinal), catalog.Signatures.Select(s => s.Type).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("claude-code", true)]
    [InlineData("codex", true)]
    [InlineData("copilot", true)]
    [InlineData("opencode", true)]
    [InlineData("cline", true)]
    [InlineData("gemini-cli", false)]
    [InlineData("aider", false)]
    [InlineData("langchain", false)]
    [InlineData("continue", false)]
    public void NativeBinaryAgentsAreKernelTaggableAndInterpretedOnesAreNot(string type, bool taggable)
    {
        var signature = SignatureCatalog.LoadDefault().Find(type);

        Assert.NotNull(signature);
        Assert.Equal(taggable, signature.KernelTaggable);
        Assert.Equal(taggable, signature.Executables.Count > 0);
    }

    [Fact]
    public void ACatalogueFileCanReplaceTheShippedOne()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tyr-agents-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            version: 1
            agents:
              - type: claude-code
                kernel_taggable: true
                executables: ["/opt/claude/claude"]
            """);
        try
        {
            var catalog = SignatureCatalog.Load(path);

            var match = catalog.Match(new ProcessFacts("/opt/claude/claude", ["/opt/claude/claude"]));
            Assert.Equal(new AgentMatch("claude-code", MatchKind.Executable, "claude-code executables: /opt/claude/claude", true), match);
            Assert.Null(catalog.Match(new ProcessFacts("/usr/lib/node_modules/@openai/codex/bin/codex.js", ["node"])));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingCatalogueFileIsReportedWithItsPath()
    {
        var e = Assert.Throws<SignatureCatalogException>(() => SignatureCatalog.Load("/nonexistent/agents.yaml"));

        Assert.StartsWith("/nonexistent/agents.yaml:1:1: cannot read:", e.Message, StringComparison.Ordinal);
    }
}
