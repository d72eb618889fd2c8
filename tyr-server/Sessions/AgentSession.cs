using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Channels;
using Grpc.Core;
using Tyr.Protocol;

namespace Tyr.Server.Sessions;

/// <summary>
/// One live Stream of one agent. Every message to the agent goes through <see cref="SendAsync"/>
/// into a bounded queue that a single writer task drains, because acks (stream loop), pings
/// (REST) and policy pushes (stream loop at connect, REST after a change) come from different
/// threads and a gRPC response stream allows one write at a time. Anyone may end the session with
/// a status; the stream loop reports it.
/// </summary>
internal sealed class AgentSession : IDisposable
{
    // Enough for bursts of acks; when the agent stops reading, the stream loop waits instead of
    // queueing without bound.
    private const int OutboxCapacity = 256;

    private readonly Channel<ServerMessage> _outbox = Channel.CreateBounded<ServerMessage>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly CancellationTokenSource _ended;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource> _pendingPings = new();
    private object? _endStatus; // a boxed Status, so the first End wins by CompareExchange
    private long _lastSeenUnixMs;

    public AgentSession(Guid agentId, TimeProvider time, CancellationToken callCancelled)
    {
        AgentId = agentId;
        Time = time;
        _ended = CancellationTokenSource.CreateLinkedTokenSource(callCancelled);
        Touch();
    }

    public Guid AgentId { get; }

    public TimeProvider Time { get; }

    /// <summary>Cancelled when the call ends for any reason or someone calls <see cref="End"/>.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the server ended the session, when it was the server's decision.</summary>
    public Status? EndStatus => Volatile.Read(ref _endStatus) is Status status ? status : null;

    public long LastSeenUnixMilliseconds => Interlocked.Read(ref _lastSeenUnixMs);

    public void Touch() => Interlocked.Exchange(ref _lastSeenUnixMs, Time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>Ends the session with <paramref name="status"/>; the first reason given wins.</summary>
    public void End(Status status)
    {
        Interlocked.CompareExchange(ref _endStatus, status, null);
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already over.
        }
    }

    public ValueTask SendAsync(ServerMessage message) => _outbox.Writer.WriteAsync(message, _ended.Token);

    /// <summary>
    /// Queues <paramref name="message"/> unless the outbox stays full for <paramref name="timeout"/>
    /// (an agent that stopped reading); a message not queued is not sent later either.
    /// </summary>
    /// <returns>Whether the message was queued.</returns>
    public async Task<bool> TrySendAsync(ServerMessage message, TimeSpan timeout)
    {
        if (_outbox.Writer.TryWrite(message))
        {
            return true;
        }

        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ended.Token);
            deadline.CancelAfter(timeout);
            await _outbox.Writer.WriteAsync(message, deadline.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Drains the outbox into the response stream until the session ends or the outbox is completed.</summary>
    public async Task RunWriterAsync(IServerStreamWriter<ServerMessage> responses)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(_ended.Token))
            {
                // No token here on purpose: grpc-dotnet answers a cancelled write by resetting the
                // whole HTTP/2 stream (CANCEL), and the agent would never see the status we end with.
                await responses.WriteAsync(message);
            }
        }
        catch (OperationCanceledException)
        {
            // The session ended; whatever is still queued is moot.
        }
        catch (Exception e)
        {
            // The agent went away mid-write (or the stream broke otherwise): the session is over.
            End(new Status(StatusCode.Unavailable, "the response stream failed: " + e.Message));
        }
    }

    /// <summary>No more messages after the ones queued; the writer sends those and stops.</summary>
    public void CompleteOutbox() => _outbox.Writer.TryComplete();

    public async Task<PingResult> PingAsync(TimeSpan timeout)
    {
        var nonce = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingPings[nonce] = answered;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_ended.Token);
            deadline.CancelAfter(timeout);
            var now = Time.GetUtcNow();
            await SendAsync(new ServerMessage
            {
                Ping = new PingRequest { Nonce = nonce, SentAtNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100 },
            }).AsTask().WaitAsync(deadline.Token);
            await answered.Task.WaitAsync(deadline.Token);
            return new PingResult(PingStatus.Answered, Stopwatch.GetElapsedTime(started));
        }
        catch (ChannelClosedException)
        {
            return new PingResult(PingStatus.Disconnected, default);
        }
        catch (OperationCanceledException)
        {
            return _ended.IsCancellationRequested
                ? new PingResult(PingStatus.Disconnected, default)
                : new PingResult(PingStatus.TimedOut, default);
        }
        finally
        {
            _pendingPings.TryRemove(nonce, out _);
        }
    }

    /// <summary>Completes the ping with this nonce; false for unknown or late answers.</summary>
    public bool CompletePing(ulong nonce) => _pendingPings.TryRemove(nonce, out var pending) && pending.TrySetResult();

    public void Dispose() => _ended.Dispose();
}
