using Grpc.Core;

namespace Tyr.Server.Sessions;

/// <summary>
/// Ends every agent stream with UNAVAILABLE "shutting down" and waits for the handlers to finish,
/// in the stopping phase that precedes every hosted service's StopAsync, so Kestrel only begins
/// to stop once each agent has its status. Without it, Kestrel would wait the whole shutdown
/// timeout for streams that never end by themselves, then cut them without a status.
/// </summary>
internal sealed class SessionShutdown(SessionRegistry sessions) : IHostedLifecycleService
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(5);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        sessions.EndAll(new Status(StatusCode.Unavailable, "tyr-server is shutting down"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_drainTimeout);
        try
        {
            await sessions.WaitUntilEmptyAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Kestrel cuts whatever is left.
        }
    }
}
