using Tyr.Agents;

namespace Tyr.AgentsTests;

/// <summary>A broken catalogue is refused with the file, line and column of every problem, and how to fix it.</summary>
public sealed class RefusalTests
{
    private const string File = "agents.yaml";

    private static SignatureCatalogException Refuse(string yaml) =>
        Assert.Throws<SignatureCatalogException>(() => SignatureCatalog.Parse(yaml, File));

    private static void AssertSingleError(string yaml, int line, int column, string message)
    {
        var e = Refuse(yaml);
        Assert.Equal(new CatalogError(File, line, column, message), Assert.Single(e.Errors));
        Assert.Equal($"{File}:{line}:{column}: {message}", e.Message);
    }

    /// <summary>A catalogue with one claude-code entry whose fifth line is <paramref name="fifthLine"/> (values at column 5).</summary>
    private static string EntryWith(string fifthLine) => $"""
        version: 1
        agents:
          - type: claude-code
            names: [claude]
        {fifthLine}
        """;

    [Fact]
    public void AnUnknownAgentTypeListsTheKnownOnes() =>
        AssertSingleError("""
            version: 1
            agents:
              - type: claude
                names: [claude]
            """, 3, 11, "unknown agent type 'claude'; known types: cursor, claude-code, codex, aider, autogen, gemini-cli, copilot, langchain, windsurf, cline, continue, goose, opencode, openhands, crewai, amp");

    [Fact]
    public void ATypeListedTwiceIsRefusedAtTheSecondEntry() =>
        AssertSingleError("""
            version: 1
            agents:
              - type: codex
                names: [codex]
              - type: codex
                modules: [codex]
            """, 5, 11, "duplicate agent type `codex` (first at line 3): merge the two entries");

    [Fact]
    public void AMisspeltKeyIsRefusedWithTheKeyMeant() =>
        AssertSingleError(EntryWith("    executable: [/usr/bin/claude]"), 5, 5,
            "unknown key `executable` (did you mean `executables`?)");

    [Fact]
    public void AnUnknownKeyIsRefusedWithTheKnownKeys() =>
        AssertSingleError(EntryWith("    binaries: [/usr/bin/claude]"), 5, 5,
            "unknown key `binaries` (known keys: type, executables, names, scripts, modules, env, kernel_taggable)");

    [Fact]
    public void ARelativeExecutablePatternIsRefused() =>
        AssertSingleError(EntryWith("    executables: [node_modules/@anthropic-ai/claude-code/bin/claude.exe]"), 5, 19,
            "path pattern `node_modules/@anthropic-ai/claude-code/bin/claude.exe` must be absolute: start it with `/` or `**/`");

    [Fact]
    public void ANameWithDirectoriesIsRefused() =>
        AssertSingleError("""
            version: 1
            agents:
              - type: aider
                names: [bin/aider]
            """, 4, 13, "`bin/aider` is not a base name: give the file name without directories (wildcards * and ? allowed)");

    [Fact]
    public void ABadEnvironmentMarkerIsRefused() =>
        AssertSingleError(EntryWith("    env: [\"=1\"]"), 5, 11, "`=1` is not an environment marker: write NAME (set, any value) or NAME=VALUE");

    [Fact]
    public void ABadModuleNameIsRefused() =>
        AssertSingleError(EntryWith("    modules: [aider-chat]"), 5, 15, "`aider-chat` is not a Python module name (e.g. aider or autogenstudio.cli)");

    [Fact]
    public void KernelTaggableNeedsSomethingTheKernelSees() =>
        AssertSingleError("""
            version: 1
            agents:
              - type: gemini-cli
                kernel_taggable: true
                env: [GEMINI_CLI=1]
            """, 4, 22, "`kernel_taggable: true` needs `executables` or `names`: the kernel sees only the executable at exec");

    [Fact]
    public void KernelTaggableMustBeABoolean() =>
        AssertSingleError(EntryWith("    kernel_taggable: yes"), 5, 22, "`kernel_taggable` must be true or false");

    [Fact]
    public void AScriptNeedsInterpretersAndPaths()
    {
        var e = Refuse("""
            version: 1
            agents:
              - type: gemini-cli
                scripts:
                  - paths: ["**/bundle/gemini.js"]
                  - interpreters: [node]
            """);

        Assert.Equal(
            [
                new CatalogError(File, 5, 9, "a script signature needs `interpreters` (base names such as node, python3*)"),
                new CatalogError(File, 6, 9, "a script signature needs `paths` (absolute patterns of the script)"),
            ],
            e.Errors);
        Assert.EndsWith("(and 1 more error)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryThatMatchesNothingIsRefused() =>
        AssertSingleError("""
            version: 1
            agents:
              - type: goose
            """, 3, 5, "the signature matches nothing: give at least one of `executables`, `names`, `scripts`, `modules`, `env`");

    [Fact]
    public void TheVersionIsRequiredAndMustBeOne()
    {
        AssertSingleError("agents: []", 1, 1, "missing `version`: add `version: 1`");
        AssertSingleError("version: 2\nagents: []", 1, 10, "unsupported catalogue `version`: this tyrd reads version 1");
    }

    [Fact]
    public void AgentsMustBeAList() =>
        AssertSingleError("version: 1\nagents: claude-code", 2, 9, "`agents` must be a list of agent signatures");

    [Fact]
    public void AnEmptyFileIsRefused() =>
        AssertSingleError(string.Empty, 1, 1, "the catalogue must be a mapping with `version: 1` and `agents`");

    [Fact]
    public void AYamlSyntaxErrorIsReportedAtItsPosition()
    {
        var e = Refuse("version: 1\nagents:\n  - type: codex\n    names: [codex\n");

        var error = Assert.Single(e.Errors);
        Assert.Equal(File, error.File);
        Assert.True(error.Line >= 4, e.Message);
        Assert.DoesNotContain("(Line:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryProblemInTheFileIsReported()
    {
        var e = Refuse("""
            version: 1
            agents:
              - type: nobody
                names: [x]
              - type: codex
                executables: ["relative/codex"]
                env: ["A B"]
            """);

        Assert.Equal([3, 6, 7], e.Errors.Select(x => x.Line));
    }
}
