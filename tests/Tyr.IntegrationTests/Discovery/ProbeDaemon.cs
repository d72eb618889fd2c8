using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>
/// A hand-driven stream with a really enrolled daemon's certificate: the test says exactly what
/// tyrd would report (DiscoveredAgents, events) and sees every message the server sends back.
/// </summary>
internal sealed class ProbeDaemon : IAsyncDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly GrpcChannel _channel;
    private readonly AsyncDuplexStreamingCall<AgentMessage, ServerMessage> _call;
    private readonly Channel<ServerMessage> _received = Channel.CreateUnbounded<ServerMessage>();
    private readonly Task _reader;
    private ulong _sequence;

    private ProbeDaemon(X509Certificate2 certificate, GrpcChannel channel, AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call, string agentId)
    {
        _certificate = certificate;
        _channel = channel;
        _call = call;
        AgentId = agentId;
        _reader = ReadAsync();
    }

    public string AgentId { get; }

    /// <summary>Opens a stream as <paramref name="daemon"/> (enrolled, not running) and sends its capabilities, as tyrd does first.</summary>
    public static async Task<ProbeDaemon> ConnectAsync(ServerProcess server, DaemonProcess daemon, AgentMessage? capabilities = null)
    {
        var certificate = Pem.LoadCertificateWithKey(Path.Combine(daemon.StateDirectory, "agent.pem"), Path.Combine(daemon.StateDirectory, "agent.key"));
        var channel = GrpcProbe.Channel(server, certificate);
        var call = GrpcProbe.Client(channel).Stream(deadline: DateTime.UtcNow.AddMinutes(5));
        var probe = new ProbeDaemon(certificate, channel, call, daemon.AgentId);
        await call.RequestStream.WriteAsync(capabilities ?? GrpcProbe.Capabilities());
        return probe;
    }

    /// <summary>
    /// Sends a report, then an empty event batch, and waits for that batch's ack: the server
    /// handles a stream's messages in order, so the report is stored once the ack is here.
    /// </summary>
    public async Task ReportAsync(bool complete, params DiscoveredAgent[] agents)
    {
        var report = new DiscoveredAgents { Complete = complete };
        report.Agents.AddRange(agents);
        await _call.RequestStream.WriteAsync(new AgentMessage { DiscoveredAgents = report });
        await SendEventsAsync();
    }

    /// <summary>Sends events in one batch and waits for its ack.</summary>
    public async Task SendEventsAsync(params Event[] events)
    {
        var batch = new EventBatch { Sequence = ++_sequence };
        batch.Events.AddRange(events);
        await _call.RequestStream.WriteAsync(new AgentMessage { EventBatch = batch });
        var ack = await NextAsync(m => m.PayloadCase == ServerMessage.PayloadOneofCase.BatchAck && m.BatchAck.Sequence == batch.Sequence);
        Assert.Equal((uint)events.Length, ack.BatchAck.Stored + ack.BatchAck.Duplicates);
    }

    /// <summary>The next ConfigUpdate the server sends (skipping policies, acks and the rest).</summary>
    public async Task<ConfigUpdate> NextConfigAsync() =>
        (await NextAsync(m => m.PayloadCase == ServerMessage.PayloadOneofCase.Config)).Config;

    /// <summary>The next message that matches, within a minute; messages before it are dropped.</summary>
    public async Task<ServerMessage> NextAsync(Func<ServerMessage, bool> wanted)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (true)
        {
            ServerMessage message;
            try
            {
                message = await _received.Reader.ReadAsync(deadline.Token);
            }
            catch (ChannelClosedException e)
            {
                throw new InvalidOperationException("the server ended the stream: " + e.InnerException?.Message, e);
            }

            if (wanted(message))
            {
                return message;
            }
        }
    }

    /// <summary>Whether a message that matches is already queued, without waiting.</summary>
    public bool HasReceived(Func<ServerMessage, bool> wanted)
    {
        var found = false;
        var kept = new List<ServerMessage>();
        while (_received.Reader.TryRead(out var message))
        {
            found |= wanted(message);
            kept.Add(message);
        }

        foreach (var message in kept)
        {
            _received.Writer.TryWrite(message);
        }

        return found;
    }

    /// <summary>Closes the stream as tyrd does when it stops.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is RpcException or TimeoutException or InvalidOperationException)
        {
            // Already broken or slow to close: disposing the call below cancels it.
        }

        _call.Dispose();
        _channel.Dispose();
        _certificate.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(CancellationToken.None))
            {
                await _received.Writer.WriteAsync(_call.ResponseStream.Current);
            }

            _received.Writer.TryComplete();
        }
        catch (RpcException e)
        {
            _received.Writer.TryComplete(e);
        }
    }
}
