using System.Diagnostics;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Runs scripts/install-agents.sh and reads the <c>key=path</c> lines it prints. The script installs
/// every pinned agent at once, skips what its cache already holds, and serialises concurrent runs
/// on a lock, so any number of callers may run it.
/// </summary>
internal static class InstallAgentsScript
{
    /// <summary>A first install downloads ~800 MB of agents; later runs only check stamps.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs the script and returns, for each key it printed, a path that exists.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> RunAsync()
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
        using var timeout = new CancellationTokenSource(s_timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {s_timeout.TotalMinutes} minutes:\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split('=', 2);
            if (parts.Length == 2 && File.Exists(parts[1]))
            {
                paths[parts[0]] = parts[1];
            }
        }

        return paths;
    }

    /// <summary>The path the script printed for <paramref name="key"/>, or a failure naming what it printed.</summary>
    public static string Require(IReadOnlyDictionary<string, string> paths, string key) =>
        paths.TryGetValue(key, out var path)
            ? path
            : throw new InvalidOperationException(
                $"scripts/install-agents.sh printed no existing '{key}=' path; it printed:\n{string.Join('\n', paths)}");
}
