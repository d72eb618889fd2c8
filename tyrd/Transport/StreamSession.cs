using Grpc.Core;
using Tyr.Agents;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Policy;
using Tyr.Daemon.Spool;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>
/// One AgentService.Stream call, from open to failure or shutdown: capabilities first, then batches
/// from the spool, heartbeats, and the server's messages (policy, pings, config, acks). Four tasks
/// share it (writer, reader, sender, heartbeat); the first to fail ends them all.
/// </summary>
internal sealed class StreamSession(
    StreamOptions options,
    EventSpool spool,
    DropLedger drops,
    PolicyState policy,
    HeartbeatSettings heartbeat,
    TimeProvider time)
{
    private static readonly TimeSpan s_closeGrace = TimeSpan.FromSeconds(2);

    private bool _capturingTls;

    public async Task<SessionOutcome> RunAsync(AgentService.AgentServiceClient client, CancellationToken stop)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var call = client.Stream(cancellationToken: session.Token);
        using var sender = new BatchSender(spool, drops, options.Window);
        var writer = new OutboundWriter(call.RequestStream);
        var upSince = (long?)null;

        writer.SendControl(new AgentMessage { Capabilities = options.Capabilities() });
        var writing = writer.RunAsync(session.Token);
        var reading = ReadAsync(call, writer, sender, started => upSince = started, session.Token);
        var sending = sender.RunAsync(writer, session.Token);
        var beating = new HeartbeatLoop(heartbeat, spool, policy, time).RunAsync(writer, session.Token);
        var reporting = options.Agents is { } agents
            ? new AgentReportLoop(agents, time).RunAsync(writer, session.Token)
            : Task.Delay(Timeout.Infinite, session.Token);
        var tasks = new[] { writing, reading, sending, beating, reporting };

        var first = await Task.WhenAny(tasks).ConfigureAwait(false);
        if (stop.IsCancellationRequested)
        {
            // Shutdown: half-close politely so the server sees a clean end, not a reset.
            writer.Complete();
            await Task.WhenAny(writing, Task.Delay(s_closeGrace, time, CancellationToken.None)).ConfigureAwait(false);
        }

        await session.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Judged below, task by task.
        }

        var failure = stop.IsCancellationRequested ? null : Explain(first, reading);
        var uptime = upSince is { } since ? time.GetElapsedTime(since) : (TimeSpan?)null;
        return new SessionOutcome(failure, uptime, sender.AnyAcknowledged);
    }

    /// <summary>
    /// The reader holds the call's status (why the server or the connection ended it), so its error
    /// explains best, unless it merely echoes the cancellation that another task's failure caused.
    /// </summary>
    private static Exception? Explain(Task first, Task reading)
    {
        var read = reading.IsFaulted ? reading.Exception!.GetBaseException() : null;
        if (read is not null && (first == reading || read is not RpcException { StatusCode: StatusCode.Cancelled }))
        {
            return read;
        }

        if (reading.IsCompletedSuccessfully)
        {
            // The server closed the stream; a failed write after that is only its consequence.
            return null;
        }

        return first.IsFaulted
            ? first.Exception!.GetBaseException()
            : new InvalidOperationException("a stream task ended unexpectedly");
    }

    private async Task ReadAsync(
        AsyncDuplexStreamingCall<AgentMessage, ServerMessage> call,
        OutboundWriter writer,
        BatchSender sender,
        Action<long> up,
        CancellationToken cancellationToken)
    {
        var first = true;
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            if (first)
            {
                // Up means the server accepted us and answered (it pushes the policy at once); the
                // response headers alone could still be a refusal without a body.
                first = false;
                up(time.GetTimestamp());
                Metrics.DaemonActivity.StreamIs(Metrics.StreamState.Connected);
                Log.Info($"stream up to {options.Server} as {options.AgentId}");
            }

            var message = call.ResponseStream.Current;
            switch (message.PayloadCase)
            {
                case ServerMessage.PayloadOneofCase.Policy:
                    policy.Apply(message.Policy);
                    break;
                case ServerMessage.PayloadOneofCase.Ping:
                    writer.SendControl(new AgentMessage { Pong = new Pong { Nonce = message.Ping.Nonce } });
                    break;
                case ServerMessage.PayloadOneofCase.Config:
                    ApplyConfig(message.Config);
                    break;
                case ServerMessage.PayloadOneofCase.BatchAck:
                    sender.OnAck(message.BatchAck);
                    break;
                default:
                    // A newer server's message this build does not know: ignored, as proto3 intends.
                    break;
            }
        }
    }

    private void ApplyConfig(ConfigUpdate update)
    {
        if (update.AgentSignaturesYaml.Length > 0)
        {
            ApplySignatures(update.AgentSignaturesYaml);
        }

        if (options.CaptureTls is { } captureTls && update.CaptureTls != _capturingTls)
        {
            _capturingTls = update.CaptureTls;
            captureTls(update.CaptureTls);
            Log.Info(update.CaptureTls ? "tls: the server asks for TLS events: capture is on" : "tls: the server asks for no TLS events: capture is off");
        }

        if (update.HeartbeatIntervalS == 0)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(update.HeartbeatIntervalS);
        if (interval != heartbeat.Interval)
        {
            Log.Info($"server set the heartbeat interval to {update.HeartbeatIntervalS} s");
            heartbeat.Set(interval);
        }
    }

    private void ApplySignatures(string yaml)
    {
        if (options.Agents is not { } agents)
        {
            return;
        }

        try
        {
            var catalog = SignatureCatalog.Parse(yaml, "server:agent-signatures");
            agents.ReplaceCatalog(catalog);
            Log.Info($"agents: the server's signature catalogue is in use ({catalog.Signatures.Count} signatures)");
        }
        catch (SignatureCatalogException e)
        {
            // The server validates before it sends; a catalogue this build cannot read keeps the one in use.
            Log.Warn($"agents: the server's signature catalogue is refused, the one in use stays: {e.Message}");
        }
    }
}
