namespace Tyr.Server.Storage;

/// <summary>What a policy version can be assigned to: a daemon (agent UUID) or an agent type (cursor, ...).</summary>
internal readonly record struct AssignmentTarget(string Type, string Id)
{
    public const string Daemon = "daemon";
    public const string AgentType = "agent_type";

    public static IReadOnlyList<string> Types { get; } = [Daemon, AgentType];

    public bool IsDaemon => Type == Daemon;

    public override string ToString() => $"{Type} {Id}";
}
