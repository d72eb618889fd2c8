using System.Security.Cryptography;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Real published agents that are node scripts, so that their HTTPS goes through the system node's
/// OpenSSL (SSL_write/SSL_read), the one TLS stack tyrd can read agents' plaintext from. Each
/// completes one non-interactive turn against the fake LLM server over real TLS to
/// <c>localhost</c>, and the request must come from a process running that node.
/// </summary>
public sealed class NodeAgentTests
{
    // A turn takes 2-3 s here (gemini-cli relaunches itself once); the bound is for a shared CI machine.
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task GeminiCliOnNodePrintsTheFakeReplyAfterStreamingFromTheGeminiApiOnLocalhostWithItsKey()
    {
        var agents = await NodeAgentInstall.GetAsync();
        using var directory = new TempDirectory("gemini-cli");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        var apiKey = "AIza" + RandomToken();
        const string model = "gemini-tyr-fake-1";
        var home = directory.Sub("home");
        GeminiCliSetup.WriteSettings(home);

        var result = await AgentProcess.RunAsync(
            agents.GeminiCli,
            // --skip-trust: a new directory is untrusted, and headless mode then refuses to run (exit 55).
            ["-p", "say hi", "-m", model, "--skip-trust"],
            GeminiCliSetup.Environment(home, server, apiKey),
            directory.Sub("work"),
            s_runTimeout);

        var report = Report(result, server);
        Assert.False(result.TimedOut, report);
        Assert.True(result.ExitCode == 0, report);
        Assert.Contains(FakeLlmServer.DefaultReply, result.Stdout, StringComparison.Ordinal);
        var call = Assert.Single(server.Requests, r => r is { Method: "POST", Path: $"/v1beta/models/{model}:streamGenerateContent" });
        Assert.Equal("?alt=sse", call.Query);
        Assert.Equal(model, GeminiApi.ModelInPath(call.Path));
        Assert.Equal($"localhost:{server.Port}", call.Host);
        Assert.Equal("localhost", call.Sni);
        Assert.Equal(apiKey, call.Header("x-goog-api-key"));
        AssertSentByNodeOverHttp11(call, agents, report);
    }

    [Fact]
    public async Task ClaudeCodeOnNodePrintsTheFakeReplyAfterAskingTheAnthropicApiOnLocalhostWithItsKey()
    {
        var agents = await NodeAgentInstall.GetAsync();
        using var directory = new TempDirectory("claude-code-node");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        var apiKey = "sk-ant-api03-" + RandomToken();
        const string model = "claude-tyr-fake-1";

        var result = await AgentProcess.RunAsync(
            agents.ClaudeCodeOnNode,
            ["-p", "say hi", "--model", model],
            AgentEnvironment.ForClaudeCode(directory.Sub("home"), server, apiKey),
            directory.Sub("work"),
            s_runTimeout);

        var report = Report(result, server);
        Assert.False(result.TimedOut, report);
        Assert.True(result.ExitCode == 0, report);
        Assert.Contains(FakeLlmServer.DefaultReply, result.Stdout, StringComparison.Ordinal);
        var call = Assert.Single(server.Requests, r => r is { Method: "POST", Path: "/v1/messages" });
        Assert.Equal(model, call.Model);
        Assert.Equal($"localhost:{server.Port}", call.Host);
        Assert.Equal("localhost", call.Sni);
        Assert.Equal(apiKey, call.Header("x-api-key"));
        AssertSentByNodeOverHttp11(call, agents, report);
    }

    /// <summary>
    /// What tyrd's capture relies on: the sender is the system node (whose OpenSSL tyrd hooks), and
    /// the plaintext is HTTP/1.1, which node's https and fetch speak even when the server offers h2.
    /// </summary>
    private static void AssertSentByNodeOverHttp11(RecordedRequest call, NodeAgentInstall agents, string report)
    {
        Assert.True(call.ClientExecutable == agents.Node, $"sent by {call.ClientExecutable ?? "(unknown)"}, not {agents.Node}\n{report}");
        Assert.Equal("HTTP/1.1", call.HttpProtocol);
        Assert.Equal("http/1.1", call.Alpn);
    }

    private static string Report(AgentRunResult result, FakeLlmServer server)
    {
        var report = $"{result}\n--- fake LLM server ---\n{server.Describe()}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        return report;
    }

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
