
namespace Tyr.Server.Hosting;

/// <summary>Every log line the server writes, source-generated (no boxing, no template parsing at run time).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a client certificate for {Subject}: {Reason}")]
    public static partial void ClientCertificateRefused(this ILogger logger, string subject, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Enrolled agent {AgentId} ({AgentName}, {Arch}, kernel {Kernel})")]
    public static partial void AgentEnrolled(this ILogger logger, Guid agentId, string agentName, string arch, string kernel);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Refused to enroll {AgentName}: the enrollment token is invalid, expired or already used")]
    public static partial void EnrollmentRefused(this ILogger logger, string agentName);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Agent {AgentId} connected from {Peer}")]
    public static partial void AgentConnected(this ILogger logger, Guid agentId, string peer);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Agent {AgentId} disconnected: {Reason}")]
    public static partial void AgentDisconnected(this ILogger logger, Guid agentId, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Agent {AgentId} reports kernel {Kernel} {Arch}, agent {Version}, {Hooks} hooks")]
    public static partial void AgentCapabilities(this ILogger logger, Guid agentId, string kernel, string arch, string version, int hooks);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Agent {AgentId} is revoked; ending its stream")]
    public static partial void RevokedAgentCut(this ILogger logger, Guid agentId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Agent {AgentId} revoked through the REST API")]
    public static partial void AgentRevokedByApi(this ILogger logger, Guid agentId);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Agent {AgentId} answered a ping nobody waits for (nonce {Nonce})")]
    public static partial void StrayPong(this ILogger logger, Guid agentId, ulong nonce);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Agent {AgentId} sent a message kind this server does not know; ignored")]
    public static partial void UnknownMessage(this ILogger logger, Guid agentId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Agent {AgentId}: {Problem}")]
    public static partial void BadBatch(this ILogger logger, Guid agentId, string problem);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not record when agent {AgentId} was last seen: {Error}")]
    public static partial void LastSeenNotRecorded(this ILogger logger, Guid agentId, string error);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Pushed effective policy v{PushVersion} to agent {AgentId}: {Description}")]
    public static partial void PolicyPushed(this ILogger logger, Guid agentId, long pushVersion, string description);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Could not queue effective policy v{PushVersion} for agent {AgentId}: it is not reading its stream; it gets the policy when it reconnects")]
    public static partial void PolicyPushNotQueued(this ILogger logger, Guid agentId, long pushVersion);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "Could not compile the effective policy of agent {AgentId}; it keeps its current policy: {Error}")]
    public static partial void EffectivePolicyFailed(this ILogger logger, Guid agentId, string error);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Policy v{Version} ({Name}) stored by {Author}{Origin}; assignments moved to it: {Moved}")]
    public static partial void PolicyStored(this ILogger logger, long version, string name, string author, string origin, int moved);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "Policy v{Version} assigned to {TargetType} {TargetId} by {Author}")]
    public static partial void PolicyAssigned(this ILogger logger, long version, string targetType, string targetId, string author);

    [LoggerMessage(EventId = 18, Level = LogLevel.Information, Message = "Policy v{Version} unassigned from {TargetType} {TargetId} by {Author}")]
    public static partial void PolicyUnassigned(this ILogger logger, long version, string targetType, string targetId, string author);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "Drift: agent {AgentId} event {EventId} ({Kind} {Resource}) was {Verdict} under effective policy v{PushVersion}, which says {Expected} ({Rule})")]
    public static partial void DriftFound(this ILogger logger, string agentId, string eventId, string kind, string resource, string verdict, long pushVersion, string expected, string rule);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Drift check skipped event {EventId} of agent {AgentId}: {Reason}")]
    public static partial void DriftCheckSkipped(this ILogger logger, string agentId, string eventId, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Drift check failed; retrying in {DelaySeconds} s: {Error}")]
    public static partial void DriftCheckFailed(this ILogger logger, int delaySeconds, string error);
}
