using System.Threading.Channels;

namespace Tyr.Daemon.Transport;

/// <summary>
/// An auto-reset wake-up for one waiter: <see cref="Set"/> before the wait is not lost, and any
/// number of sets before the waiter runs collapse into one wake-up.
/// </summary>
internal sealed class AsyncSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Set() => _channel.Writer.TryWrite(true);

    public async ValueTask WaitAsync(CancellationToken cancellationToken) =>
        await _channel.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
}
