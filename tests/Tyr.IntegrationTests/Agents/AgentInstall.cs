using System.Diagnostics;
using Tyr.IntegrationTests.Harness;

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
        var script = Path.Combine(Binaries.RepositoryRoot(), "scripts", "install-agents.sh");
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A first install downloads ~700 MB of native binaries; later runs only check stamps.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within 10 minutes:\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        var paths = (await stdout)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        string Existing(string key) => paths.TryGetValue(key, out var value) && File.Exists(value)
            ? value
            : throw new InvalidOperationException($"{script} printed no existing '{key}=' path:\n{string.Join('\n', paths)}");
        return new AgentInstall(Existing("claude"), Existing("codex"), Existing("codex-native"));
    }
}
