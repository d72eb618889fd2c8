using System.Diagnostics;

namespace Tyr.Tests.Shared;

/// <summary>
/// A shell that tries a denied operation in a loop until a stop file appears, printing "allowed"
/// or "denied" for each try: how the enforcement tests count what gets through while tyrd is
/// stopped, killed, restarted or adopting. Compiled into the kernel and the integration tests.
/// </summary>
internal sealed class HammeringShell : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _stopFile;
    private readonly Task _reading;
    private long _allowed;
    private long _attempts;

    private HammeringShell(Process process, string stopFile)
    {
        _process = process;
        _stopFile = stopFile;
        _reading = ReadAsync();
    }

    public long Attempts => Interlocked.Read(ref _attempts);

    /// <param name="shell">A bash: a governed copy, or /bin/bash.</param>
    /// <param name="prelude">Run first, e.g. moving the shell into a governed cgroup ("" for none).</param>
    /// <param name="attempt">The command whose success means the operation was allowed.</param>
    /// <param name="stopFile">The loop ends when this file exists.</param>
    public static HammeringShell Start(string shell, string prelude, string attempt, string stopFile)
    {
        var start = new ProcessStartInfo(shell) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            $"{prelude}{(prelude.Length == 0 ? "" : " && ")}while [ ! -e {stopFile} ]; do if {attempt}; then echo allowed; else echo denied; fi; done 2>/dev/null");
        return new HammeringShell(Process.Start(start)!, stopFile);
    }

    /// <summary>Waits (polling, at most 60 s) until <paramref name="count"/> tries were made.</summary>
    public async Task WaitForAttemptsAsync(long count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Attempts < count)
        {
            Assert.False(_process.HasExited, "the hammering shell ended");
            Assert.True(DateTime.UtcNow < deadline, $"only {Attempts} of {count} tries were made");
            await Task.Delay(10);
        }
    }

    public async Task<(long Allowed, long Attempts)> StopAsync()
    {
        await File.WriteAllTextAsync(_stopFile, "");
        await _process.WaitForExitAsync();
        await _reading;
        return (Interlocked.Read(ref _allowed), Attempts);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "allowed")
            {
                Interlocked.Increment(ref _allowed);
            }

            Interlocked.Increment(ref _attempts);
        }
    }
}
