using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Grpc.Core;

namespace Tyr.Server.Sessions;

/// <summary>The agents connected right now, one session each.</summary>
internal sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<Guid, AgentSession> _sessions = new();

    public int Count => _sessions.Count;

    /// <summary>
    /// Makes <paramref name="session"/> the agent's session and ends the one it replaces: a
    /// reconnecting agent whose old connection is half dead must not wait for it to time out.
    /// </summary>
    public void Attach(AgentSession session)
    {
        var replaced = default(AgentSession);
        _sessions.AddOrUpdate(session.AgentId, session, (_, old) =>
        {
            replaced = old;
            return session;
        });
        replaced?.End(new Status(StatusCode.Aborted, "superseded by a newer stream from the same agent"));
    }

    /// <summary>Removes the session if it is still the agent's current one.</summary>
    public void Detach(AgentSession session) =>
        _sessions.TryRemove(new KeyValuePair<Guid, AgentSession>(session.AgentId, session));

    public bool TryGet(Guid agentId, [NotNullWhen(true)] out AgentSession? session) => _sessions.TryGetValue(agentId, out session);

    public bool IsConnected(Guid agentId) => _sessions.ContainsKey(agentId);

    /// <summary>A snapshot of the current sessions (policy pushes go to some or all of them).</summary>
    public IReadOnlyList<AgentSession> Snapshot() => [.. _sessions.Values];

    public void EndAll(Status status)
    {
        foreach (var session in _sessions.Values)
        {
            session.End(status);
        }
    }

    /// <summary>Completes once every stream has finished (each detaches as it ends).</summary>
    public async Task WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        while (!_sessions.IsEmpty)
        {
            await Task.Delay(20, cancellationToken);
        }
    }
}
