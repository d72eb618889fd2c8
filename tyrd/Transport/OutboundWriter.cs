using System.Threading.Channels;
using Grpc.Core;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>
/// The only writer of a stream's request side (gRPC allows one write at a time). Control messages
/// (capabilities, pongs, heartbeats) go before queued batches, so a ping is answered without
/// waiting behind the in-flight window.
/// </summary>
internal sealed class OutboundWriter(IClientStreamWriter<AgentMessage> stream)
{
    private readonly Channel<AgentMessage> _control = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<AgentMessage> _data = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });

    public void SendControl(AgentMessage message) => _control.Writer.TryWrite(message);

    /// <summary>Queues a batch; the sender's window bounds how many can be queued.</summary>
    public void SendData(AgentMessage message) => _data.Writer.TryWrite(message);

    /// <summary>No more messages: <see cref="RunAsync"/> writes what is queued, then half-closes the stream.</summary>
    public void Complete()
    {
        _control.Writer.TryComplete();
        _data.Writer.TryComplete();
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_control.Reader.TryRead(out var message) || _data.Reader.TryRead(out message))
            {
                await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_control.Reader.Completion.IsCompleted && _data.Reader.Completion.IsCompleted)
            {
                break;
            }

            var control = _control.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var data = _data.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var woken = await Task.WhenAny(control, data).ConfigureAwait(false);
            // Surface cancellation; a completed channel just ends its WaitToReadAsync with false.
            await woken.ConfigureAwait(false);
        }

        await stream.CompleteAsync().ConfigureAwait(false);
    }
}
