namespace Tyr.Server.Discovery;

/// <summary>The log lines of agent discovery and signature catalogues (event ids 100-199).</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "Agent {AgentId}: discovered agent {Index} of a {Kind} report refused, the others are stored: {Problem}")]
    public static partial void DiscoveredAgentRefused(this ILogger logger, Guid agentId, int index, string kind, string problem);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Agent {AgentId} reports {Count} discovered agents (complete); ended while it could not watch them: {Ended}")]
    public static partial void CompleteReport(this ILogger logger, Guid agentId, int count, string ended);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Agent {AgentId} reports {Count} changed discovered agents")]
    public static partial void PartialReport(this ILogger logger, Guid agentId, int count);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Agent signatures v{Version} stored by {Author}: {Description}; sent to {Sent} of {Connected} connected daemons")]
    public static partial void SignaturesStored(this ILogger logger, long version, string author, string description, int sent, int connected);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Could not queue the agent signatures for agent {AgentId}: it is not reading its stream; it gets them when it reconnects")]
    public static partial void SignaturesNotQueued(this ILogger logger, Guid agentId);
}
