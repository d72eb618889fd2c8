using System.Diagnostics;
using System.Text;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Runs a real agent to completion in a clean environment: only the variables the test gives, so
/// no key or setting of the machine running the tests leaks into the run. On timeout the whole
/// process tree is killed (codex's node launcher has a child; claude may spawn helpers).
/// </summary>
internal static class AgentProcess
{
    public static async Task<AgentRunResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        TimeSpan timeout)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        var clock = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Agents read a piped stdin as extra prompt text: give them an empty one, not a hang.
        process.StandardInput.Close();
        var timedOut = false;
        using (var cancellation = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
            }
        }

        // Also drains the asynchronous readers to end of stream.
        await process.WaitForExitAsync();
        return new AgentRunResult(
            string.Join(' ', [executable, .. info.ArgumentList]),
            process.ExitCode,
            Read(stdout),
            Read(stderr),
            clock.Elapsed,
            timedOut);
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is not null)
        {
            lock (builder)
            {
                builder.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}

/// <summary>How one agent run ended, with everything it printed.</summary>
internal sealed record AgentRunResult(string CommandLine, int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed, bool TimedOut)
{
    public override string ToString() =>
        $"{CommandLine}\n{(TimedOut ? "TIMED OUT, killed" : $"exit {ExitCode}")} after {Elapsed.TotalSeconds:F1}s\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}
