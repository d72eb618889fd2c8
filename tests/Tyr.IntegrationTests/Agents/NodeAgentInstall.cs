namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The real agents that are node scripts, installed by scripts/install-agents.sh: they run on the
/// system node, whose built-in OpenSSL exports SSL_write and SSL_read, so tyrd's TLS hooks see their
/// plaintext (unlike claude-code 2.x's Bun binary and codex's Rust binary).
/// </summary>
/// <param name="ClaudeCodeOnNode">claude-code 2.1.112's cli.js, the last release that is a node script.</param>
/// <param name="GeminiCli">gemini-cli's bundle/gemini.js, what <c>gemini</c> on PATH runs.</param>
/// <param name="Node">The node their <c>#!/usr/bin/env node</c> runs, with symlinks resolved.</param>
internal sealed record NodeAgentInstall(string ClaudeCodeOnNode, string GeminiCli, string Node)
{
    private static readonly Lazy<Task<NodeAgentInstall>> s_once = new(InstallAsync);

    /// <summary>Installs (or finds) the agents; every caller in the run shares the one install.</summary>
    public static Task<NodeAgentInstall> GetAsync() => s_once.Value;

    private static async Task<NodeAgentInstall> InstallAsync()
    {
        var paths = await InstallAgentsScript.RunAsync();
        return new NodeAgentInstall(
            InstallAgentsScript.Require(paths, "claude-node"),
            InstallAgentsScript.Require(paths, "gemini"),
            InstallAgentsScript.Require(paths, "node"));
    }
}
