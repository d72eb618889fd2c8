using System.CommandLine;

namespace Tyr.Cli.Policies;

/// <summary>
/// What `assign` and `unassign` bind: exactly one of <c>--daemon ID</c> (an agent UUID) and
/// <c>--agent-type T</c> (cursor, claude-code, codex, ...; the server knows the catalogue).
/// </summary>
internal sealed class AssignmentTarget
{
    public Option<string> Daemon { get; } = new("--daemon")
    {
        Description = "A daemon's agent ID (`tyr agents list`): its base policy",
        HelpName = "ID",
    };

    public Option<string> AgentType { get; } = new("--agent-type")
    {
        Description = "An AI-agent type (cursor, claude-code, codex, aider, ...): an overlay for that type's processes on every daemon",
        HelpName = "TYPE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Daemon);
        command.Options.Add(AgentType);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(Daemon) is null) == (result.GetResult(AgentType) is null))
            {
                result.AddError("give exactly one of --daemon ID and --agent-type TYPE");
            }
        });
    }

    /// <summary>The API's target_type and target_id.</summary>
    public (string Type, string Id) Resolve(ParseResult parse)
    {
        if (parse.GetValue(Daemon) is { } daemon)
        {
            return Guid.TryParse(daemon, out _)
                ? ("daemon", daemon)
                : throw new UsageException($"--daemon: '{daemon}' is not an agent ID (a UUID, as `tyr agents list` shows)");
        }

        var type = parse.GetValue(AgentType);
        return string.IsNullOrWhiteSpace(type)
            ? throw new UsageException("--agent-type: give an agent type such as cursor or claude-code")
            : ("agent_type", type);
    }

    /// <summary>"daemon 30f8..." or "agent type cursor", for messages.</summary>
    public static string Describe(string type, string id) => (type == "agent_type" ? "agent type " : type + " ") + id;
}
