using System.Runtime.InteropServices;
using Tyr.Daemon.Diagnostics;

namespace Tyr.Daemon.Runtime;

/// <summary>
/// Turns SIGTERM (systemd stop) and SIGINT (Ctrl+C) into a cancellation, instead of letting the
/// runtime end the process, so the partial batch reaches the spool before exit.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;

    public ShutdownSignal()
    {
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
    }

    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
        _stop.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!_stop.IsCancellationRequested)
        {
            Log.Info($"{context.Signal} received: stopping");
            _stop.Cancel();
        }
    }
}
