using Tyr.Agents;

namespace Tyr.AgentsTests;

/// <summary>
/// The matcher on the paths and argv the published agents really produce. Where each came from:
/// <list type="bullet">
/// <item>npm layout: <c>npm install -g --prefix P</c> puts packages in <c>P/lib/node_modules</c> and their optional
/// platform packages nested below (<c>.../@openai/codex/node_modules/@openai/codex-linux-x64</c>); the bin links
/// go to <c>P/bin</c>. Observed on this machine with the packages of November 2026.</item>
/// <item>claude-code 2.1.330: bin/claude.exe (hard link of @anthropic-ai/claude-code-linux-x64/claude, install.cjs);
/// run as <c>claude.exe -p</c>, /proc showed exe = that path, comm <c>claude.exe</c>.</item>
/// <item>codex 0.169: bin/codex.js execs vendor/x86_64-unknown-linux-musl/bin/codex with argv[0] = that path
/// (codex.js: <c>process.execve(binaryPath, [binaryPath, ...args])</c>); run as <c>codex exec</c>, /proc showed comm <c>codex</c>.</item>
/// <item>gemini-cli 0.61: bin gemini -> bundle/gemini.js; relaunch argv = execArgv + --max-old-space-size=N + argv[1] (chunk relaunch code).</item>
/// <item>copilot 1.0.102: npm-loader.js spawns @github/copilot-linux-x64/copilot.</item>
/// <item>opencode-ai 1.18: postinstall links opencode-linux-x64/bin/opencode to bin/opencode.exe; ~/.opencode/bin/opencode from its installer.</item>
/// <item>cline 3.0.65: bin/cline (node wrapper) runs @cline/cli-linux-x64/bin/cline.</item>
/// <item>Python agents (PyPI was not reachable): console scripts run as <c>python3 /path/bin/NAME</c> after the kernel reads the #! line.</item>
/// </list>
/// </summary>
public sealed class MatchTests
{
    private static readonly SignatureCatalog s_catalog = SignatureCatalog.LoadDefault();

    private static AgentMatch? Match(string exe, string[] argv, Dictionary<string, string>? env = null, string? parent = null, string? comm = null) =>
        s_catalog.Match(new ProcessFacts(exe, argv, env, parent, comm));

    [Theory]
    [InlineData("/usr/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", "claude-code")]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", "claude-code")]
    [InlineData("/usr/lib/node_modules/@anthropic-ai/claude-code/node_modules/@anthropic-ai/claude-code-linux-x64/claude", "claude-code")]
    [InlineData("/root/.local/share/claude/versions/2.1.330", "claude-code")]
    [InlineData("/usr/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex", "codex")]
    [InlineData("/usr/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex-code-mode-host", "codex")]
    [InlineData("/usr/lib/node_modules/@github/copilot/node_modules/@github/copilot-linux-x64/copilot", "copilot")]
    [InlineData("/usr/lib/node_modules/@github/copilot/node_modules/@github/copilot-linuxmusl-x64/copilot", "copilot")]
    [InlineData("/usr/lib/node_modules/opencode-ai/bin/opencode.exe", "opencode")]
    [InlineData("/usr/lib/node_modules/opencode-ai/node_modules/opencode-linux-x64/bin/opencode", "opencode")]
    [InlineData("/home/dev/.opencode/bin/opencode", "opencode")]
    [InlineData("/usr/lib/node_modules/cline/node_modules/@cline/cli-linux-x64/bin/cline", "cline")]
    [InlineData("/usr/lib/node_modules/@sourcegraph/amp/node_modules/@ampcode/cli/bin/amp.exe", "amp")]
    public void AnAgentsOwnBinaryIsIdentifiedByItsPathAlone(string exe, string type)
    {
        var match = Match(exe, [exe]);

        Assert.NotNull(match);
        Assert.Equal(type, match.AgentType);
        Assert.Equal(MatchKind.Executable, match.Kind);
        Assert.Equal(5, match.Specificity);
        Assert.True(match.KernelTaggable);
    }

    [Theory]
    [InlineData("/usr/bin/node", "codex", "/usr/bin/node", "/usr/lib/node_modules/@openai/codex/bin/codex.js", "exec", "hi")]
    [InlineData("/usr/bin/node", "gemini-cli", "node", "/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js", "-p", "hi")]
    [InlineData("/usr/bin/node", "gemini-cli", "/usr/bin/node", "--max-old-space-size=8192", "/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js", "-p")]
    [InlineData("/usr/bin/node", "copilot", "node", "/usr/lib/node_modules/@github/copilot/npm-loader.js")]
    [InlineData("/usr/bin/node", "claude-code", "node", "/usr/lib/node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs", "-p")]
    [InlineData("/usr/bin/node", "cline", "node", "/usr/lib/node_modules/cline/bin/cline")]
    [InlineData("/usr/bin/node", "continue", "node", "/usr/lib/node_modules/@continuedev/cli/dist/cn.js")]
    [InlineData("/usr/bin/python3.12", "aider", "/usr/bin/python3", "/home/dev/.local/bin/aider", "--model", "sonnet")]
    [InlineData("/opt/venv/bin/python", "autogen", "/opt/venv/bin/python", "/opt/venv/bin/autogenstudio", "ui")]
    [InlineData("/usr/bin/python3.11", "crewai", "/usr/bin/python3", "/usr/local/bin/crewai", "run")]
    [InlineData("/usr/bin/python3.11", "openhands", "python3", "/home/dev/.local/bin/openhands")]
    [InlineData("/usr/bin/python3.11", "langchain", "python3", "/usr/local/bin/langgraph", "dev")]
    public void AnInterpreterRunningAnAgentsScriptIsThatAgent(string exe, string type, params string[] argv)
    {
        var match = Match(exe, argv);

        Assert.NotNull(match);
        Assert.Equal((type, MatchKind.Script, 4), (match.AgentType, match.Kind, match.Specificity));
    }

    [Theory]
    [InlineData("aider", "/usr/bin/python3", "-m", "aider", "--model", "sonnet")]
    [InlineData("aider", "python3", "-maider.main")]
    [InlineData("autogen", "python", "-X", "utf8", "-m", "autogenstudio.cli", "ui")]
    [InlineData("openhands", "python3", "-m", "openhands.core.main", "-t", "fix it")]
    public void PythonDashMRunningAnAgentModuleIsThatAgent(string type, params string[] argv)
    {
        var match = Match("/usr/bin/python3.12", argv);

        Assert.NotNull(match);
        Assert.Equal((type, MatchKind.Module, 4), (match.AgentType, match.Kind, match.Specificity));
    }

    [Theory]
    [InlineData("/usr/bin/python3", "python3", "-m", "aiderx")]
    [InlineData("/usr/bin/python3", "python3", "-c", "import aider", "/home/dev/.local/bin/aider")]
    [InlineData("/usr/bin/python3", "python3", "/home/dev/app/main.py")]
    [InlineData("/usr/bin/node", "node", "/srv/app/server.js")]
    [InlineData("/usr/bin/node", "node", "-e", "require('/usr/lib/node_modules/@openai/codex/bin/codex.js')")]
    [InlineData("/usr/bin/bash", "bash", "-c", "ls")]
    [InlineData("/usr/lib/node_modules/@openai/codex/bin/codex.js", "codex.js")]
    public void OrdinaryProcessesAreNoAgent(string exe, params string[] argv) =>
        Assert.Null(Match(exe, argv));

    [Fact]
    public void ACodexScriptMatchNeedsANodeInterpreter()
    {
        // The same script path under python is not the codex launcher.
        Assert.Null(Match("/usr/bin/python3", ["python3", "/usr/lib/node_modules/@openai/codex/bin/codex.js"]));
        Assert.Equal("codex", Match("/usr/local/bin/bun", ["bun", "/usr/lib/node_modules/@openai/codex/bin/codex.js"])?.AgentType);
    }

    [Fact]
    public void ARelativeScriptIsResolvedAgainstTheWorkingDirectory()
    {
        var facts = new ProcessFacts("/usr/bin/node", ["node", "bundle/gemini.js"], Cwd: "/usr/lib/node_modules/@google/gemini-cli");

        Assert.Equal("gemini-cli", s_catalog.Match(facts)?.AgentType);
    }

    [Fact]
    public void ABareNameIsWeakerThanAnInstallPathButStillNamesTheAgent()
    {
        // Copied out of its package: only the name says what it is.
        var match = Match("/opt/tools/codex", ["/opt/tools/codex", "exec"]);

        Assert.NotNull(match);
        Assert.Equal(("codex", MatchKind.Name, 3, "codex names: codex"), (match.AgentType, match.Kind, match.Specificity, match.Signature));
    }

    [Fact]
    public void TheCommRightAfterExecNamesClaude()
    {
        // Observed: comm `claude.exe` for .../bin/claude.exe; a copy elsewhere keeps that comm.
        var match = Match("/srv/bin/something", ["something"], comm: "claude.exe");

        Assert.Equal(("claude-code", MatchKind.Name), (match?.AgentType, match?.Kind));
    }

    [Fact]
    public void AMarkerInTheEnvironmentNamesTheAgentWhenTheAncestryIsUnknown()
    {
        // A shell Claude Code started before tyrd ran: its environment still says CLAUDECODE=1.
        var match = Match("/usr/bin/bash", ["bash", "-c", "make"], new() { ["CLAUDECODE"] = "1", ["PATH"] = "/usr/bin" });

        Assert.NotNull(match);
        Assert.Equal(("claude-code", MatchKind.Environment, 2, "claude-code env: CLAUDECODE=1"), (match.AgentType, match.Kind, match.Specificity, match.Signature));
        Assert.True(match.KernelTaggable);
    }

    [Fact]
    public void AMarkerWithAValueMustHaveThatValue()
    {
        Assert.Null(Match("/usr/bin/bash", ["bash"], new() { ["CLAUDECODE"] = "0" }));
        Assert.Equal("codex", Match("/usr/bin/bash", ["bash"], new() { ["CODEX_THREAD_ID"] = string.Empty })?.AgentType);
    }

    [Fact]
    public void AChildInheritsItsParentsType()
    {
        var match = Match("/usr/bin/git", ["git", "status"], parent: "claude-code");

        Assert.Equal(new AgentMatch("claude-code", MatchKind.Inherited, "inherited", true), match);
        Assert.Equal(1, match!.Specificity);
    }

    [Fact]
    public void EnvironmentMarkersNeverOverrideTheInheritedType()
    {
        // codex started by claude-code inherits CLAUDECODE=1; codex's shell then carries both markers.
        var env = new Dictionary<string, string> { ["CLAUDECODE"] = "1", ["CODEX_THREAD_ID"] = "t1" };

        var match = Match("/usr/bin/bash", ["bash", "-lc", "ls"], env, parent: "codex");

        Assert.Equal(("codex", MatchKind.Inherited), (match?.AgentType, match?.Kind));
    }

    [Fact]
    public void AnAgentStartedByAnotherAgentIsItself()
    {
        const string Codex = "/usr/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex";

        var match = Match(Codex, [Codex, "exec", "hi"], new() { ["CLAUDECODE"] = "1" }, parent: "claude-code");

        Assert.Equal(("codex", MatchKind.Executable), (match?.AgentType, match?.Kind));
    }

    [Fact]
    public void TheCodexLauncherReExecingItsBinaryStaysCodexWithTheStrongerEvidence()
    {
        // codex.js (node, Script) calls process.execve(binaryPath, [binaryPath, ...args], env).
        const string Binary = "/usr/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex";
        var launcher = Match("/usr/bin/node", ["node", "/usr/lib/node_modules/@openai/codex/bin/codex.js", "exec", "hi"]);
        Assert.Equal(("codex", MatchKind.Script), (launcher?.AgentType, launcher?.Kind));

        var after = Match(Binary, [Binary, "exec", "hi"], new() { ["CODEX_MANAGED_BY_NPM"] = "1" }, parent: launcher!.AgentType);

        Assert.Equal(("codex", MatchKind.Executable), (after?.AgentType, after?.Kind));
    }

    [Fact]
    public void AReExecIntoAnOrdinaryProgramKeepsTheType()
    {
        // An agent process that execs /bin/sh keeps its type: the pre-exec type is passed as the parent type.
        var match = Match("/usr/bin/dash", ["/bin/sh", "-c", "npm test"], new() { ["GEMINI_CLI"] = "1" }, parent: "gemini-cli");

        Assert.Equal(("gemini-cli", MatchKind.Inherited), (match?.AgentType, match?.Kind));
    }

    [Fact]
    public void AReExecIntoAnotherAgentTakesThatAgentsType()
    {
        var match = Match("/usr/bin/node", ["node", "/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js"], parent: "aider");

        Assert.Equal(("gemini-cli", MatchKind.Script), (match?.AgentType, match?.Kind));
    }

    [Fact]
    public void AnInheritedTypeUnknownToTheCatalogueIsKeptButNotKernelTaggable()
    {
        var catalog = SignatureCatalog.Parse("""
            version: 1
            agents:
              - type: aider
                modules: [aider]
            """, "small.yaml");

        Assert.Equal(new AgentMatch("codex", MatchKind.Inherited, "inherited", false), catalog.Match(new ProcessFacts("/usr/bin/ls", ["ls"], ParentAgentType: "codex")));
    }

    /// <summary>
    /// Launch chains observed in /proc after <c>npm install -g --prefix /tmp/agentsig/npmi</c> of the real packages
    /// (claude-code 2.1.197, codex 0.169.0, copilot 1.0.102, cline 3.0.65, opencode-ai 1.18.33) on node 20.
    /// </summary>
    [Theory]
    [InlineData("/usr/bin/node", "node|/tmp/agentsig/npmi/bin/codex|exec|--skip-git-repo-check", null, "codex", MatchKind.Script)]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex",
        "/tmp/agentsig/npmi/lib/node_modules/@openai/codex/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex|exec|--skip-git-repo-check", "codex", "codex", MatchKind.Executable)]
    [InlineData("/usr/bin/node", "node|/tmp/agentsig/npmi/bin/copilot|-p|hi", null, "copilot", MatchKind.Script)]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/@github/copilot/node_modules/@github/copilot-linux-x64/copilot",
        "/tmp/agentsig/npmi/lib/node_modules/@github/copilot/node_modules/@github/copilot-linux-x64/copilot|--binary-version", "copilot", "copilot", MatchKind.Executable)]
    [InlineData("/usr/bin/node", "node|/tmp/agentsig/npmi/bin/cline|--help", null, "cline", MatchKind.Script)]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/cline/bin/.cline", "/tmp/agentsig/npmi/lib/node_modules/cline/bin/.cline|--help", "cline", "cline", MatchKind.Executable)]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/opencode-ai/bin/opencode.exe", "/tmp/agentsig/npmi/bin/opencode|run|hi", null, "opencode", MatchKind.Executable)]
    [InlineData("/tmp/agentsig/npmi/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe", "/tmp/agentsig/npmi/lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe|-p", null, "claude-code", MatchKind.Executable)]
    public void ObservedLaunchChainsAreMatched(string exe, string argv, string? parent, string type, MatchKind kind)
    {
        var match = Match(exe, argv.Split('|'), parent: parent);

        Assert.Equal((type, kind), (match?.AgentType, match?.Kind));
    }
}
