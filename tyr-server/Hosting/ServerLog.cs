
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
}
