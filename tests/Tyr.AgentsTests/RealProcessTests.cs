using System.Diagnostics;
using Tyr.Agents;

namespace Tyr.AgentsTests;

/// <summary>
/// Real processes started in an npm-shaped directory tree, read back from /proc the way tyrd will, and matched.
/// The layouts copy what <c>npm install -g --prefix P</c> produced on this machine for the real packages.
/// </summary>
public sealed class RealProcessTests : IDisposable
{
    private static readonly SignatureCatalog s_catalog = SignatureCatalog.LoadDefault();
    private readonly string _prefix = Path.Combine(Path.GetTempPath(), $"tyr-agents-{Guid.NewGuid():N}");
    private readonly List<Process> _started = [];

    public RealProcessTests() => Directory.CreateDirectory(_prefix);

    public void Dispose()
    {
        foreach (var process in _started)
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit();
            }

            process.Dispose();
        }

        Directory.Delete(_prefix, recursive: true);
    }

    [Fact]
    public void ANativeBinaryAtClaudeCodesInstallPathIsClaudeCodeFromItsExecutable()
    {
        // install.cjs hard-links the Bun binary to bin/claude.exe; a copy of sleep stands in for it.
        var exe = Path.Combine(_prefix, "lib/node_modules/@anthropic-ai/claude-code/bin/claude.exe");
        Directory.CreateDirectory(Path.GetDirectoryName(exe)!);
        File.Copy("/bin/sleep", exe);
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);

        var facts = FactsOf(Start(exe, "30"), image => image == exe);

        Assert.Equal("claude.exe", facts.Comm);
        Assert.Equal(new AgentMatch("claude-code", MatchKind.Executable, "claude-code executables: **/node_modules/@anthropic-ai/claude-code/bin/claude.exe", true), s_catalog.Match(facts));
    }

    [Fact]
    public void GeminiStartedThroughItsNpmBinLinkIsGeminiFromTheScript()
    {
        // P/bin/gemini -> ../lib/node_modules/@google/gemini-cli/bundle/gemini.js, `#!/usr/bin/env node`:
        // the kernel runs env, env runs node with argv [node, P/bin/gemini]; only the link target names the package.
        var script = Path.Combine(_prefix, "lib/node_modules/@google/gemini-cli/bundle/gemini.js");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        File.WriteAllText(script, "#!/usr/bin/env node\nsetTimeout(() => {}, 30000);\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var link = Path.Combine(_prefix, "bin/gemini");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, "../lib/node_modules/@google/gemini-cli/bundle/gemini.js");

        var facts = FactsOf(Start(link), image => Path.GetFileName(image).StartsWith("node", StringComparison.Ordinal));

        Assert.Equal(link, facts.Argv[1]);
        var match = s_catalog.Match(facts);
        Assert.Equal(("gemini-cli", MatchKind.Script, false), (match?.AgentType, match?.Kind, match?.KernelTaggable));
    }

    [Fact]
    public void AToolShellOfAnAgentIsNamedByItsMarkerOrItsParent()
    {
        // What gemini-cli gives its shell tools: GEMINI_CLI=1.
        var shell = Start("/bin/sh", "-c", "sleep 30", ("GEMINI_CLI", "1"));
        var facts = FactsOf(shell, _ => true);

        Assert.Equal(("gemini-cli", MatchKind.Environment), (s_catalog.Match(facts)?.AgentType, s_catalog.Match(facts)?.Kind));
        Assert.Equal(("codex", MatchKind.Inherited), (s_catalog.Match(facts with { ParentAgentType = "codex" })?.AgentType, s_catalog.Match(facts with { ParentAgentType = "codex" })?.Kind));
    }

    [Fact]
    public void AnOrdinaryProcessIsNoAgent()
    {
        var facts = FactsOf(Start("/bin/sleep", "30"), _ => true);

        Assert.Null(s_catalog.Match(facts));
    }

    [Fact]
    public void AGoneProcessHasNoFacts()
    {
        var process = Start("/bin/true");
        process.WaitForExit();

        Assert.Null(ProcfsFacts.Read(process.Id));
    }

    private Process Start(string file, params object[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            if (arg is (string name, string value))
            {
                info.Environment[name] = value;
            }
            else
            {
                info.ArgumentList.Add((string)arg);
            }
        }

        var process = Process.Start(info)!;
        _started.Add(process);
        return process;
    }

    // Polls /proc until the process runs the expected image (env execs node; the first read may still see env).
    private static ProcessFacts FactsOf(Process process, Func<string, bool> imageReady)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var facts = ProcfsFacts.Read(process.Id);
            if (facts is not null && imageReady(facts.ExePath) && facts.Argv.Count > 0)
            {
                return facts;
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException($"process {process.Id} did not reach the expected image");
    }
}
