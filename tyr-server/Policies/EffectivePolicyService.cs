using System.Text.Json;
using Google.Protobuf;
using Tyr.Policy;
using Tyr.Policy.Compilation;
using Tyr.Protocol;
using Tyr.Server.Hosting;
using Tyr.Server.Sessions;
using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>
/// Each daemon's effective policy: its base (the daemon's assignment) merged with the overlay of
/// every agent type that has one, compiled with the daemon's home directories. Recomputed when a
/// daemon connects and after every change that concerns it; stored as a new effective_policies
/// row only when what the daemon enforces changes, and pushed at once.
/// </summary>
internal sealed class EffectivePolicyService(
    AgentStore agents,
    AssignmentStore assignments,
    EffectivePolicyStore effective,
    PolicyDocuments documents,
    SessionRegistry sessions,
    ILogger<EffectivePolicyService> logger) : IDisposable
{
    // An agent whose outbox stays full this long is not reading; it gets the policy when it reconnects.
    private static readonly TimeSpan s_sendTimeout = TimeSpan.FromSeconds(2);

    // One computation at a time: two running side by side for one daemon could store (and send)
    // the older assignments' result last.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// What the daemon enforces now (or will, once it connects): recomputed from the current
    /// assignments, stored if it changed. Null when it cannot be compiled and none was stored before.
    /// </summary>
    public async Task<EffectivePolicyRecord?> CurrentAsync(Guid agentId)
    {
        await _gate.WaitAsync();
        try
        {
            return Refresh(agentId).Latest;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Right after a daemon's CapabilityReport: its effective policy, whether or not it changed.</summary>
    public async Task SendOnConnectAsync(AgentSession session)
    {
        await _gate.WaitAsync(session.Ended);
        try
        {
            var (latest, _) = Refresh(session.AgentId);
            // The fail-safe when nothing could ever be compiled for this daemon: deny everything governed.
            var push = latest is null ? new PolicyPush { PolicyVersion = 0, DenyByDefault = true } : ToPush(latest);
            await SendAsync(session, push, latest is null ? "deny-by-default (no effective policy could be compiled)" : Describe(latest));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After a policy change: recomputes every connected daemon it concerns and pushes where the result changed.</summary>
    public async Task PushAsync(PolicyChange change)
    {
        if (change.IsEmpty)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            foreach (var session in sessions.Snapshot())
            {
                if (!change.Concerns(session.AgentId))
                {
                    continue;
                }

                var (latest, created) = Refresh(session.AgentId);
                if (created)
                {
                    await SendAsync(session, ToPush(latest!), Describe(latest!));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    public static PolicyPush ToPush(EffectivePolicyRecord record)
    {
        var push = new PolicyPush
        {
            PolicyVersion = record.PushVersion,
            BpfEntries = ByteString.CopyFrom(record.BpfEntries),
            CedarText = record.Cedar,
            DenyByDefault = record.DenyByDefault,
            BaseVersion = record.BaseVersion ?? 0,
            BaseName = record.BaseName ?? string.Empty,
        };
        push.Overlays.AddRange(record.Overlays.Select(o => new OverlayInfo
        {
            AgentType = o.AgentType,
            PolicyVersion = o.Version,
            PolicyName = o.Name,
            Scope = o.Scope,
        }));
        return push;
    }

    private async Task SendAsync(AgentSession session, PolicyPush push, string description)
    {
        if (await session.TrySendAsync(new ServerMessage { Policy = push }, s_sendTimeout))
        {
            logger.PolicyPushed(session.AgentId, push.PolicyVersion, description);
        }
        else
        {
            logger.PolicyPushNotQueued(session.AgentId, push.PolicyVersion);
        }
    }

    /// <summary>Compiles and stores; on a compile failure keeps (and answers) the latest stored row.</summary>
    private (EffectivePolicyRecord? Latest, bool Created) Refresh(Guid agentId)
    {
        EffectivePolicyContent content;
        try
        {
            content = Compute(agentId);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The versions compiled when they were applied, so this is a compiler or host-data
            // problem; the daemon keeps what it has.
            logger.EffectivePolicyFailed(agentId, e.Message);
            return (effective.Latest(agentId), false);
        }

        return effective.AppendIfChanged(agentId, content);
    }

    private EffectivePolicyContent Compute(Guid agentId)
    {
        PolicyDocument? baseDocument = null;
        long? baseVersion = null;
        var overlays = new List<(OverlayDocument Info, AgentTypeOverlay Overlay)>();
        foreach (var assignment in assignments.ForDaemon(agentId))
        {
            if (assignment.Target.IsDaemon)
            {
                baseVersion = assignment.Version;
                baseDocument = documents.Get(assignment.Version);
            }
            else if (AgentTypes.TryGetScope(assignment.Target.Id, out var scope))
            {
                overlays.Add((
                    new OverlayDocument(assignment.Target.Id, scope, assignment.Version, assignment.Name),
                    new AgentTypeOverlay(assignment.Target.Id, assignment.Version, documents.Get(assignment.Version))));
            }
        }

        overlays.Sort((a, b) => a.Info.Scope.CompareTo(b.Info.Scope));
        var homes = HomeDirectories.Of(ReportedHomes(agentId));
        var compiled = PolicyCompiler.Compile(new CompileInput(baseDocument, baseVersion, [.. overlays.Select(o => o.Overlay)], homes));
        return new EffectivePolicyContent(
            baseVersion,
            [.. overlays.Select(o => o.Info)],
            compiled.DenyByDefault,
            compiled.CedarText,
            compiled.BpfEntries,
            [.. compiled.Routes.Select(RouteDocument.From)],
            homes.Paths);
    }

    /// <summary>The homes of the daemon's last CapabilityReport; none when it never sent them.</summary>
    private IReadOnlyList<string> ReportedHomes(Guid agentId)
    {
        var json = agents.Find(agentId)?.CapabilitiesJson;
        return json is null
            ? []
            : JsonSerializer.Deserialize(json, StorageJsonContext.Default.CapabilitiesDocument)?.HomeDirectories ?? [];
    }

    /// <summary>"base v3, overlays cursor v5" / "deny-by-default", for the log.</summary>
    public static string Describe(EffectivePolicyRecord record)
    {
        if (record.DenyByDefault)
        {
            return "deny-by-default (nothing assigned)";
        }

        var parts = new List<string> { record.BaseVersion is { } version ? $"base v{version}" : "no base" };
        parts.Add(record.Overlays.Count == 0
            ? "no overlays"
            : "overlays " + string.Join(", ", record.Overlays.Select(o => $"{o.AgentType} v{o.Version}")));
        return string.Join(", ", parts);
    }
}
