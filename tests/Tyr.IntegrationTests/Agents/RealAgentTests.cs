using System.Security.Cryptography;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The real claude-code and codex, installed from npm, each complete one non-interactive turn
/// against the fake LLM server over real TLS to <c>localhost</c>. This is the ground the daemon
/// tests stand on: if an agent cannot talk to the fake API here, nothing tyr does is to blame.
/// </summary>
public sealed class RealAgentTests
{
    // A turn takes about a second here; the bound is for a shared CI machine. codex never gives up
    // on a TLS failure by itself (it prints "Reconnecting... waiting for network" until killed).
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ClaudeCodePrintsTheFakeReplyAfterAskingTheAnthropicApiOnLocalhostWithItsKey()
    {
        var agents = await AgentInstall.GetAsync();
        using var directory = new TempDirectory("claude-code");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        var apiKey = "sk-ant-api03-" + RandomToken();
        const string model = "claude-tyr-fake-1";

        var result = await AgentProcess.RunAsync(
            agents.Claude,
            ["-p", "say hi", "--model", model],
            AgentEnvironment.ForClaudeCode(directory.Sub("home"), server, apiKey),
            directory.Sub("work"),
            s_runTimeout);

        var report = $"{result}\n--- fake LLM server ---\n{server.Describe()}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.False(result.TimedOut, report);
        Assert.True(result.ExitCode == 0, report);
        Assert.Contains(FakeLlmServer.DefaultReply, result.Stdout, StringComparison.Ordinal);
        var call = Assert.Single(server.Requests, r => r is { Method: "POST", Path: "/v1/messages" });
        Assert.Equal(model, call.Model);
        Assert.Equal($"localhost:{server.Port}", call.Host);
        Assert.Equal("localhost", call.Sni);
        Assert.Equal(apiKey, call.Header("x-api-key"));
    }

    [Fact]
    public async Task CodexExecPrintsTheFakeReplyAfterAskingTheResponsesApiOnLocalhostWithItsKey()
    {
        var agents = await AgentInstall.GetAsync();
        using var directory = new TempDirectory("codex");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        var apiKey = "sk-proj-" + RandomToken();
        const string model = "gpt-tyr-fake-1";
        var codexHome = directory.Sub("codex-home");
        AgentEnvironment.WriteCodexConfig(codexHome, server, model);

        var result = await AgentProcess.RunAsync(
            agents.Codex,
            ["exec", "--skip-git-repo-check", "--sandbox", "read-only", "say hi"],
            AgentEnvironment.ForCodex(directory.Sub("home"), codexHome, server, apiKey),
            directory.Sub("work"),
            s_runTimeout);

        var report = $"{result}\n--- fake LLM server ---\n{server.Describe()}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.False(result.TimedOut, report);
        Assert.True(result.ExitCode == 0, report);
        Assert.Contains(FakeLlmServer.DefaultReply, result.Stdout, StringComparison.Ordinal);
        var call = Assert.Single(server.Requests, r => r is { Method: "POST", Path: "/v1/responses" });
        Assert.Equal(model, call.Model);
        Assert.Equal($"localhost:{server.Port}", call.Host);
        Assert.Equal("localhost", call.Sni);
        Assert.Equal("Bearer " + apiKey, call.Header("authorization"));
    }

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
