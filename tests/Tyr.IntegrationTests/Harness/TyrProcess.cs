using System.Diagnostics;
using System.Text;

namespace Tyr.IntegrationTests.Harness;

/// <summary>A running tyr whose stdout and stderr lines are collected as they come.</summary>
internal sealed class TyrProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    public TyrProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data, _stdout);
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_gate)
            {
                return [.. _stdout];
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Describe() => $"stdout:\n{string.Join('\n', StdoutLines)}\nstderr:\n{Stderr}";

    /// <summary>Waits until some stdout line satisfies <paramref name="match"/>, failing early if tyr exits.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        string? found = null;
        await Eventually.TrueAsync(
            () =>
            {
                found = StdoutLines.FirstOrDefault(match);
                return found is not null ||
                    (_process.HasExited ? throw new InvalidOperationException($"tyr exited ({_process.ExitCode}) before printing {what}:\n{Describe()}") : false);
            },
            Eventually.DefaultTimeout,
            () => $"tyr did not print {what}:\n{Describe()}");
        return found!;
    }

    /// <summary>Ctrl-C, then the exit code.</summary>
    public async Task<int> InterruptAsync()
    {
        Posix.Kill(_process.Id, 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
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

    private void Append(string? line, List<string> lines)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                lines.Add(line);
            }
        }
    }
}
