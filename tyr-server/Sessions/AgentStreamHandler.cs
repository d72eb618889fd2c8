using Grpc.Core;
using Tyr.Pki;
using Tyr.Protocol;
using Tyr.Server.Discovery;
using Tyr.Server.Hosting;
using Tyr.Server.Policies;
using Tyr.Server.Storage;

namespace Tyr.Server.Sessions;

/// <summary>
/// AgentService.Stream: authenticates the agent by its client certificate alone, then runs the
/// session — capabilities, event batches, discovered agents, heartbeats, pongs in; config, policy,
/// acks, pings out.
/// </summary>
internal sealed class AgentStreamHandler(
    CaTrust trust,
    AgentStore agents,
    EventStore events,
    SessionRegistry sessions,
    EffectivePolicyService policies,
    DriftMonitor drift,
    DiscoveredAgentReports discoveredAgents,
    AgentSignatureCatalog signatures,
    ServerSettings settings,
    TimeProvider time,
    ILogger<AgentStreamHandler> logger,
    Metrics.ServerMetrics metrics)
{
    private static readonly TimeSpan s_writerDrainTimeout = TimeSpan.FromSeconds(5);

    public async Task RunAsync(IAsyncStreamReader<AgentMessage> requests, IServerStreamWriter<ServerMessage> responses, ServerCallContext context)
    {
        var agentId = Authenticate(context);
        using var session = new AgentSession(agentId, time, context.CancellationToken);
        sessions.Attach(session);
        logger.AgentConnected(agentId, context.Peer);
        var writer = session.RunWriterAsync(responses);
        var reason = "agent closed the stream";
        try
        {
            while (await requests.MoveNext(session.Ended))
            {
                session.Touch();
                await HandleAsync(session, requests.Current);
            }

            // Let the agent have the acks queued before it closed its side.
            session.CompleteOutbox();
            await writer;
        }
        catch (RpcException e)
        {
            reason = e.Status.Detail;
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            if (session.EndStatus is { } status)
            {
                // Ended from outside (revoked, replaced, shutdown): tell the agent why.
                reason = status.Detail;
                throw new RpcException(status);
            }

            if (!context.CancellationToken.IsCancellationRequested)
            {
                throw;
            }

            // The agent went away; there is nobody left to tell.
            reason = "connection lost";
        }
        catch (Exception e)
        {
            // Our fault (e.g. the database); gRPC reports it as INTERNAL/UNKNOWN and logs it.
            reason = "server error: " + e.Message;
            throw;
        }
        finally
        {
            session.End(new Status(StatusCode.Cancelled, reason));
            if (await Task.WhenAny(writer, Task.Delay(s_writerDrainTimeout, CancellationToken.None)) != writer)
            {
                // A write the agent does not read (HTTP/2 flow control) would hold this forever.
                context.GetHttpContext().Abort();
                await writer;
            }

            RecordLastSeen(agentId);
            logger.AgentDisconnected(agentId, reason);
            // Last, so an empty registry means every handler is done (SessionShutdown waits for it).
            sessions.Detach(session);
        }
    }

    private Guid Authenticate(ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw Unauthenticated("a client certificate issued at enrollment is required");

        // Kestrel already ran this check during the handshake; repeating it here keeps the handler
        // safe even if the listener is ever configured differently.
        if (!trust.IsValidClient(certificate, out var reason))
        {
            throw Unauthenticated(reason);
        }

        var agentId = AgentIdentity.FromCertificate(certificate)
            ?? throw Unauthenticated($"the client certificate carries no agent id ({AgentIdentity.UriPrefix}<uuid> SAN)");
        var agent = agents.Find(agentId)
            ?? throw Unauthenticated($"unknown agent {agentId}: it is not enrolled on this server");
        if (agent.IsRevoked)
        {
            throw Unauthenticated("agent revoked");
        }

        if (!string.Equals(agent.CertificateFingerprint, Fingerprints.Sha256(certificate), StringComparison.Ordinal))
        {
            throw Unauthenticated($"certificate superseded: agent {agentId} holds a newer certificate; use the one issued last");
        }

        return agentId;
    }

    private async Task HandleAsync(AgentSession session, AgentMessage message)
    {
        switch (message.PayloadCase)
        {
            case AgentMessage.PayloadOneofCase.Capabilities:
                await OnCapabilitiesAsync(session, message.Capabilities);
                break;
            case AgentMessage.PayloadOneofCase.EventBatch:
                await OnEventBatchAsync(session, message.EventBatch);
                break;
            case AgentMessage.PayloadOneofCase.Heartbeat:
                if (agents.TouchAndCheckRevoked(session.AgentId))
                {
                    logger.RevokedAgentCut(session.AgentId);
                    throw Unauthenticated("agent revoked");
                }

                break;
            case AgentMessage.PayloadOneofCase.DiscoveredAgents:
                discoveredAgents.Record(session.AgentId, message.DiscoveredAgents);
                break;
            case AgentMessage.PayloadOneofCase.Pong:
                if (!session.CompletePing(message.Pong.Nonce))
                {
                    logger.StrayPong(session.AgentId, message.Pong.Nonce);
                }

                break;
            default:
                // A newer agent's message kind: proto3 compatibility says ignore, but say so.
                logger.UnknownMessage(session.AgentId);
                break;
        }
    }

    private async Task OnCapabilitiesAsync(AgentSession session, CapabilityReport report)
    {
        agents.RecordCapabilities(session.AgentId, report.KernelVersion, report.Arch, CapabilityDocuments.ToJson(report));
        logger.AgentCapabilities(session.AgentId, report.KernelVersion, report.Arch, report.AgentVersion, report.Hooks.Count);
        // One ConfigUpdate: the heartbeat interval, TLS events from a daemon that can capture them,
        // and the agent signature catalogue once an operator set one.
        await signatures.SendOnConnectAsync(session, settings.HeartbeatIntervalSeconds, captureTls: report.TlsCapture);

        // Compiled with the homes just recorded; deny-by-default when nothing is assigned.
        await policies.SendOnConnectAsync(session);
    }

    private async Task OnEventBatchAsync(AgentSession session, EventBatch batch)
    {
        if (EventStore.FindInvalidEvent(batch) is { } problem)
        {
            logger.BadBatch(session.AgentId, problem);
            metrics.BatchRejected();
            throw new RpcException(new Status(StatusCode.InvalidArgument, problem));
        }

        var result = events.StoreBatch(session.AgentId, batch);
        if (result.Stored > 0)
        {
            // Judged again in the background: the ack does not wait for Cedar.
            drift.Notify();
        }

        await session.SendAsync(new ServerMessage
        {
            BatchAck = new BatchAck { Sequence = batch.Sequence, Stored = (uint)result.Stored, Duplicates = (uint)result.Duplicates },
        });
        metrics.BatchAcknowledged();
    }

    private void RecordLastSeen(Guid agentId)
    {
        try
        {
            agents.TouchAndCheckRevoked(agentId);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
        {
            logger.LastSeenNotRecorded(agentId, e.Message);
        }
    }

    private static RpcException Unauthenticated(string message) => new(new Status(StatusCode.Unauthenticated, message));
}
