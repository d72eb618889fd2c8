namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The environment and settings that point the real gemini-cli at the fake LLM server with an API
/// key, and turn off everything that would call Google besides the model call.
/// </summary>
internal static class GeminiCliSetup
{
    /// <summary>
    /// GOOGLE_GEMINI_BASE_URL replaces https://generativelanguage.googleapis.com; GEMINI_API_KEY is
    /// the key; node trusts the throwaway CA through NODE_EXTRA_CA_CERTS.
    /// </summary>
    public static Dictionary<string, string> Environment(string home, FakeLlmServer server, string apiKey) => new()
    {
        ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = home,
        ["LANG"] = "C.UTF-8",
        ["TERM"] = "dumb",
        ["NO_COLOR"] = "1",
        ["GEMINI_API_KEY"] = apiKey,
        ["GOOGLE_GEMINI_BASE_URL"] = server.BaseUrl,
        ["NODE_EXTRA_CA_CERTS"] = server.CaPemPath,
    };

    /// <summary>
    /// ~/.gemini/settings.json. The auth type must be named: a base URL in the environment alone
    /// makes gemini-cli 0.61 pick its "gateway" auth, which non-interactive mode then rejects
    /// ("Invalid auth method selected.", exit 41); "gemini-api-key" still honours the base URL.
    /// Usage statistics off, or every run also posts to Google's Clearcut logger.
    /// </summary>
    public static void WriteSettings(string home)
    {
        var directory = Directory.CreateDirectory(Path.Combine(home, ".gemini")).FullName;
        File.WriteAllText(Path.Combine(directory, "settings.json"), """
            {
              "security": { "auth": { "selectedType": "gemini-api-key" } },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
            }
            """);
    }
}
