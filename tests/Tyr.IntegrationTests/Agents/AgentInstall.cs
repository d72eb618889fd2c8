namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The real agents, installed from npm by scripts/install-agents.sh once per test run (the script
/// itself skips the download when its cache already holds the pinned versions).
/// </summary>
/// <param name="Claude">claude-code's native binary (bin/claude.exe, a Bun single-file executable).</param>
/// <param name="Codex">codex's node launcher (bin/codex.js), what <c>codex</c> on PATH runs.</param>
/// <param name="CodexNative">The Rust binary the launcher runs (vendor/&lt;triple&gt;/bin/codex).</param>
internal sealed record AgentInstall(string Claude, string Codex, string CodexNative)
{
    private static readonly Lazy<Task<AgentInstall>> s_once = new(InstallAsync);

    /// <summary>Installs (or finds) the agents; every caller in the run shares the one install.</summary>
    public static Task<AgentInstall> GetAsync() => s_once.Value;

    private static async Task<AgentInstall> InstallAsync()
    {
        var paths = await InstallAgentsScript.RunAsync();
        return new AgentInstall(
            InstallAgentsScript.Require(paths, "claude"),
            InstallAgentsScript.Require(paths, "codex"),
            InstallAgentsScript.Require(paths, "codex-native"));
    }
}
