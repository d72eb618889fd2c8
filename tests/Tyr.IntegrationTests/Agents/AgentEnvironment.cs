namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The environment and configuration that point a real agent at the fake LLM server, and nothing
/// else: a private HOME, the throwaway CA, a fake key, and every kind of traffic that is not the
/// model call turned off.
/// </summary>
internal static class AgentEnvironment
{
    /// <summary>
    /// claude-code (a Bun executable) trusts extra CAs from NODE_EXTRA_CA_CERTS (SSL_CERT_FILE
    /// works as well); ANTHROPIC_BASE_URL replaces https://api.anthropic.com.
    /// </summary>
    public static Dictionary<string, string> ForClaudeCode(string home, FakeLlmServer server, string apiKey)
    {
        var environment = Common(home);
        environment["ANTHROPIC_BASE_URL"] = server.BaseUrl;
        environment["ANTHROPIC_API_KEY"] = apiKey;
        environment["NODE_EXTRA_CA_CERTS"] = server.CaPemPath;
        environment["DISABLE_TELEMETRY"] = "1";
        environment["DISABLE_ERROR_REPORTING"] = "1";
        environment["DISABLE_AUTOUPDATER"] = "1";
        environment["DISABLE_BUG_COMMAND"] = "1";
        environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        // Only --dangerously-skip-permissions needs it as root; harmless otherwise.
        environment["IS_SANDBOX"] = "1";
        return environment;
    }

    /// <summary>
    /// codex (Rust, rustls) reads its CA bundle from SSL_CERT_FILE (or CODEX_CA_CERTIFICATE);
    /// the provider and its key variable come from <see cref="WriteCodexConfig"/>.
    /// </summary>
    public static Dictionary<string, string> ForCodex(string home, string codexHome, FakeLlmServer server, string apiKey)
    {
        var environment = Common(home);
        environment["CODEX_HOME"] = codexHome;
        environment[CodexKeyVariable] = apiKey;
        environment["SSL_CERT_FILE"] = server.CaPemPath;
        return environment;
    }

    /// <summary>
    /// A custom model provider: codex refuses to re-point its built-in "openai" one from
    /// config.toml. Custom providers use HTTP+SSE unless supports_websockets is set; it is set
    /// false anyway so that a default change in a later codex does not silently move the call.
    /// No retries, so that each turn is exactly one POST the tests can count.
    /// </summary>
    public static void WriteCodexConfig(string codexHome, FakeLlmServer server, string model) =>
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model = "{model}"
            model_provider = "tyrfake"

            [model_providers.tyrfake]
            name = "Tyr fake LLM"
            base_url = "{server.BaseUrl}/v1"
            env_key = "{CodexKeyVariable}"
            wire_api = "responses"
            supports_websockets = false
            request_max_retries = 0
            stream_max_retries = 0
            """);

    private const string CodexKeyVariable = "TYR_FAKE_OPENAI_API_KEY";

    private static Dictionary<string, string> Common(string home) => new()
    {
        ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = home,
        ["LANG"] = "C.UTF-8",
        ["TERM"] = "dumb",
        ["NO_COLOR"] = "1",
    };
}
