using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tyr.IntegrationTests.Agents;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// Real agents from npm under a real tyrd (BPF programs, discovery, TLS capture) enrolled in a real
/// tyr-server, talking to the fake LLM API on loopback over real TLS. What an operator checks:
/// the agent is discovered with its type and one id, its events carry that id, its TLS events name
/// the server (and, where OpenSSL is used, the API path and model), no key reaches the server's
/// database, and an overlay for its type refuses its connect while a non-agent's is allowed.
/// Root only (BPF, cgroups); loopback only.
/// </summary>
[Collection(KernelDaemonCollection.Name)]
public sealed class RealAgentGovernanceTests() : ServerTest("e2e-agents")
{
    private static readonly TimeSpan s_runTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Node_agents_are_discovered_and_their_llm_calls_are_seen_with_path_and_model_and_no_key()
    {
        var node = await NodeAgentInstall.GetAsync();
        await using var fixture = await StartAsync();
        var claudeKey = "sk-ant-api03-" + RandomToken();
        var geminiKey = "AIza" + RandomToken();

        var claude = await AgentProcess.RunAsync(
            node.ClaudeCodeOnNode, ["-p", "say hi", "--model", "claude-tyr-fake-1"],
            AgentEnvironment.ForClaudeCode(Directory.Sub("claude-home"), fixture.Llm, claudeKey), Directory.Sub("claude-work"), s_runTimeout);
        Assert.True(claude.ExitCode == 0, claude + "\n" + fixture.Daemon.Output);
        var geminiHome = Directory.Sub("gemini-home");
        GeminiCliSetup.WriteSettings(geminiHome);
        var gemini = await AgentProcess.RunAsync(
            node.GeminiCli, ["-p", "say hi", "-m", "gemini-tyr-fake-1", "--skip-trust"],
            GeminiCliSetup.Environment(geminiHome, fixture.Llm, geminiKey), Directory.Sub("gemini-work"), s_runTimeout);
        Assert.True(gemini.ExitCode == 0, gemini + "\n" + fixture.Daemon.Output);

        var claudeAgent = await fixture.DiscoveredAsync("claude-code");
        var claudeCall = await fixture.EventAsync(claudeAgent, e => Meta(e, "tls_source") == "openssl" && Meta(e, "path") == "/v1/messages?beta=true");
        Assert.Equal(
            ("localhost", "POST", "anthropic.messages", "claude-tyr-fake-1", "true", "200"),
            (claudeCall.GetProperty("resource").GetString(), Meta(claudeCall, "method"), Meta(claudeCall, "api"), Meta(claudeCall, "model"), Meta(claudeCall, "stream"), Meta(claudeCall, "status")));
        Assert.Equal("userspace", claudeAgent.GetProperty("tagged_by").GetString());

        var geminiAgent = await fixture.DiscoveredAsync("gemini-cli");
        var geminiCall = await fixture.EventAsync(geminiAgent, e => Meta(e, "tls_source") == "openssl" && Meta(e, "api") == "gemini.generate_content");
        Assert.Equal(
            ("localhost", "/v1beta/models/gemini-tyr-fake-1:streamGenerateContent?alt=sse", "gemini-tyr-fake-1", "true"),
            (geminiCall.GetProperty("resource").GetString(), Meta(geminiCall, "path"), Meta(geminiCall, "model"), Meta(geminiCall, "stream")));

        await fixture.AssertNoKeyStoredAsync(claudeKey, geminiKey);
    }

    [Fact]
    public async Task Native_agents_are_discovered_and_their_tls_handshakes_name_the_server()
    {
        var agents = await AgentInstall.GetAsync();
        await using var fixture = await StartAsync();
        var claudeKey = "sk-ant-api03-" + RandomToken();
        var codexKey = "sk-proj-" + RandomToken();

        var claude = await AgentProcess.RunAsync(
            agents.Claude, ["-p", "say hi", "--model", "claude-tyr-fake-1"],
            AgentEnvironment.ForClaudeCode(Directory.Sub("claude-home"), fixture.Llm, claudeKey), Directory.Sub("claude-work"), s_runTimeout);
        Assert.True(claude.ExitCode == 0, claude + "\n" + fixture.Daemon.Output);
        var codexHome = Directory.Sub("codex-home");
        AgentEnvironment.WriteCodexConfig(codexHome, fixture.Llm, "gpt-tyr-fake-1");
        var codex = await AgentProcess.RunAsync(
            agents.Codex, ["exec", "--skip-git-repo-check", "--sandbox", "read-only", "say hi"],
            AgentEnvironment.ForCodex(Directory.Sub("codex-user-home"), codexHome, fixture.Llm, codexKey), Directory.Sub("codex-work"), s_runTimeout);
        Assert.True(codex.ExitCode == 0, codex + "\n" + fixture.Daemon.Output);

        // Bun's BoringSSL and codex's rustls export nothing to hook: the ClientHello is what there is.
        var claudeAgent = await fixture.DiscoveredAsync("claude-code");
        var claudeHello = await fixture.EventAsync(claudeAgent, e => Meta(e, "tls_source") == "client_hello");
        Assert.Equal("localhost", claudeHello.GetProperty("resource").GetString());
        Assert.EndsWith($":{fixture.Llm.Port}", Meta(claudeHello, "destination"), StringComparison.Ordinal);

        var codexAgent = await fixture.DiscoveredAsync("codex");
        var codexHello = await fixture.EventAsync(codexAgent, e => Meta(e, "tls_source") == "client_hello");
        Assert.Equal("localhost", codexHello.GetProperty("resource").GetString());
        Assert.Contains("h2", Meta(codexHello, "alpn")!.Split(','));
        Assert.Equal(codexAgent.GetProperty("discovered_agent_id").GetString(), codexHello.GetProperty("discovered_agent_id").GetString());

        await fixture.AssertNoKeyStoredAsync(claudeKey, codexKey);
    }

    [Fact]
    public async Task An_overlay_for_claude_code_refuses_its_connect_to_the_llm_while_a_plain_process_connects()
    {
        var agents = await AgentInstall.GetAsync();
        await using var fixture = await StartAsync();
        var overlay = await fixture.Api.ApplyPolicyAsync($"""
            name: claude-no-llm
            rules:
              - id: deny-llm
                effect: deny
                operation: connect
                cidrs: ["127.0.0.1/32", "::1/128"]
                ports: [{fixture.Llm.Port}]
            """, "claude-no-llm.yaml");
        await fixture.Api.AssignAsync(overlay.GetProperty("version").GetInt64(), "agent_type", "claude-code");
        await Eventually.TrueAsync(
            () => fixture.Daemon.Output.Contains("overlay claude-code", StringComparison.Ordinal),
            Eventually.DefaultTimeout,
            () => "tyrd did not put the overlay in force:\n" + fixture.Daemon.Output);

        // Without retries claude-code gives up at the first refused connect instead of backing off for minutes.
        var environment = AgentEnvironment.ForClaudeCode(Directory.Sub("claude-home"), fixture.Llm, "sk-ant-api03-" + RandomToken());
        environment["CLAUDE_CODE_MAX_RETRIES"] = "0";
        var claude = await AgentProcess.RunAsync(
            agents.Claude, ["-p", "say hi", "--model", "claude-tyr-fake-1"], environment, Directory.Sub("claude-work"), s_runTimeout);
        var plain = await ChildProcess.RunAsync("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", fixture.Llm.CaPemPath, $"https://localhost:{fixture.Llm.Port}/v1/models"]);

        Assert.False(claude.TimedOut, claude.ToString());
        Assert.NotEqual(0, claude.ExitCode);
        Assert.DoesNotContain(fixture.Llm.Requests, r => r.Path == "/v1/messages");
        Assert.Equal("200", plain.Stdout.Trim());
        var claudeAgent = await fixture.DiscoveredAsync("claude-code");
        var refused = await fixture.EventAsync(claudeAgent, e => e.GetProperty("kind").GetString() == "NET_CONNECT" && e.GetProperty("verdict").GetString() == "DENY");
        Assert.EndsWith($":{fixture.Llm.Port}", refused.GetProperty("resource").GetString(), StringComparison.Ordinal);
        Assert.Equal("claude-code", Meta(refused, "agent_type"));
        Assert.Equal("true", Meta(refused, "enforced"));
    }

    [Fact]
    public async Task A_catalogue_an_operator_sets_reaches_tyrd_and_names_the_agents_that_start_after_it()
    {
        await using var fixture = await StartAsync();
        var probe = Path.Combine(Directory.Sub("bin"), "tyr-probe-agent");
        File.Copy("/bin/sleep", probe);
        const string catalogue = """
            version: 1
            agents:
              - type: goose
                names: [tyr-probe-agent]
            """;

        var (status, body) = await Discovery.YamlPut.SendAsync(Server, fixture.AdminToken, "/api/v1/agent-signatures", catalogue, "application/yaml");
        Assert.True(status == 200, body.ToString());
        await fixture.Daemon.WaitForOutputAsync("the server's signature catalogue is in use (1 signatures)");
        var run = await ChildProcess.RunAsync(probe, "0.2");

        Assert.Equal(0, run.ExitCode);
        var goose = await fixture.DiscoveredAsync("goose");
        Assert.Equal(("userspace", "goose names: tyr-probe-agent"), (goose.GetProperty("tagged_by").GetString(), goose.GetProperty("signature").GetString()));
    }

    private async Task<Fixture> StartAsync()
    {
        var token = await Server.CreateAdminTokenAsync();
        var api = new TyrApi(Server, token);
        var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "agents-host");
        await daemon.StartWithKernelAsync();
        await daemon.WaitForOutputAsync("tls: the server asks for TLS events");

        // An empty base: discovered agents are governed, and without any policy they would be denied everything.
        var empty = await api.ApplyPolicyAsync("name: base\nrules: []\n", "base.yaml");
        await api.AssignAsync(empty.GetProperty("version").GetInt64(), "daemon", daemon.AgentId);
        await daemon.WaitForOutputAsync("base base v");
        var llm = await FakeLlmServer.StartAsync(Directory.Sub("llm"));
        return new Fixture(Server, api, token, daemon, llm);
    }

    private static string? Meta(JsonElement e, string key) =>
        e.GetProperty("metadata").TryGetProperty(key, out var value) ? value.GetString() : null;

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private sealed record Fixture(ServerProcess Server, TyrApi Api, string AdminToken, DaemonProcess Daemon, FakeLlmServer Llm) : IAsyncDisposable
    {
        /// <summary>The one agent of <paramref name="type"/> the server lists for this daemon.</summary>
        public async Task<JsonElement> DiscoveredAsync(string type)
        {
            JsonElement found = default;
            await Eventually.TrueAsync(
                async () =>
                {
                    var list = await Api.GetJsonAsync($"/api/v1/discovered-agents?agent={Daemon.AgentId}&type={type}");
                    var agents = list.GetProperty("discovered_agents").EnumerateArray().ToList();
                    found = agents.Count == 1 ? agents[0] : default;
                    return found.ValueKind == JsonValueKind.Object;
                },
                Eventually.DefaultTimeout,
                () => $"the server does not list one {type} agent:\n{Daemon.Output}");
            return found;
        }

        /// <summary>The first stored event of <paramref name="agent"/> that matches, waiting for it.</summary>
        public async Task<JsonElement> EventAsync(JsonElement agent, Func<JsonElement, bool> predicate)
        {
            var id = agent.GetProperty("discovered_agent_id").GetString();
            JsonElement found = default;
            List<JsonElement> seen = [];
            await Eventually.TrueAsync(
                async () =>
                {
                    seen = await Api.AllEventsAsync(Daemon.AgentId);
                    found = seen.FirstOrDefault(e => e.GetProperty("discovered_agent_id").GetString() == id && predicate(e));
                    return found.ValueKind == JsonValueKind.Object;
                },
                Eventually.DefaultTimeout,
                () => $"no such event of agent {id}; its events:\n" +
                      string.Join("\n", seen.Where(e => e.GetProperty("discovered_agent_id").GetString() == id).TakeLast(30)) + "\n" + Daemon.Output);
            return found;
        }

        /// <summary>No 16-character piece of any key (its random end) in any file of the server's data directory (database, WAL, logs).</summary>
        public async Task AssertNoKeyStoredAsync(params string[] keys)
        {
            await Server.StopAsync();
            foreach (var file in System.IO.Directory.EnumerateFiles(Server.DataDirectory, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                foreach (var key in keys)
                {
                    Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key[^16..])) < 0, $"{file} holds a piece of {key[..8]}...");
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Llm.DisposeAsync();
            await Daemon.DisposeAsync();
            Api.Dispose();
        }
    }
}
