using System.Diagnostics;

namespace Tyr.KernelTests.Infrastructure;

/// <summary>
/// A governed "agent" binary: a copy of bash in a fresh directory, so that governing its path
/// governs exactly the processes a test starts from it (and their children).
/// </summary>
internal sealed class GovernedAgent : IDisposable
{
    public GovernedAgent()
    {
        Requires.File("/bin/bash", "the governed test agent is a copy of bash");
        Directory = System.IO.Directory.CreateTempSubdirectory("tyr-kt-").FullName;
        Path = System.IO.Path.Combine(Directory, "agent");
        File.Copy("/bin/bash", Path);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    /// <summary>The governed executable.</summary>
    public string Path { get; }

    /// <summary>Runs <c>agent -c script</c> (governed) and waits for it.</summary>
    public Task<ProcessResult> RunAsync(string script, TimeSpan? timeout = null) =>
        ProcessResult.RunAsync(Path, script, timeout ?? TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A test's leftover child may still hold the binary; /tmp is cleaned anyway.
        }
    }
}

/// <summary>How a child process ended.</summary>
internal sealed record ProcessResult(int Pid, int ExitCode, string Stdout, string Stderr)
{
    public static async Task<ProcessResult> RunAsync(string exe, string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} -c '{script}' did not end within {timeout}");
        }

        return new ProcessResult(process.Id, process.ExitCode, await stdout, await stderr);
    }
}
