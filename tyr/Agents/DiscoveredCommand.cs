using System.CommandLine;
using System.Globalization;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Agents;

/// <summary>
/// `tyr agents discovered`: the AI agents (claude-code, codex, ...) the daemons discovered,
/// running and ended, newest first (GET /api/v1/discovered-agents).
/// </summary>
internal static class DiscoveredCommand
{
    public const int MaxLimit = 1000;

    /// <summary>Command lines longer than this are cut in the table; -o json has all of it.</summary>
    public const int CommandWidth = 80;

    /// <summary>Ids are shown by their first 8 hex digits when those tell the rows apart, as git abbreviates.</summary>
    public const int ShortIdLength = 8;

    private static readonly string[] s_headers = ["ID", "TYPE", "HOST", "PID", "PROCS", "STARTED", "LAST ACTIVITY", "STATE", "COMMAND"];

    public static Command Create(ClientOptions options)
    {
        var agent = new Option<string>("--agent")
        {
            Description = "Only agents this daemon discovered (its agent ID, see `tyr agents list`)",
            HelpName = "ID",
        };
        var type = new Option<string>("--type")
        {
            Description = "Only this agent type: claude-code, codex, cursor, aider, ... (the server knows the list)",
            HelpName = "TYPE",
        };
        var running = new Option<bool>("--running") { Description = "Only agents running now" };
        var ended = new Option<bool>("--ended") { Description = "Only agents that ended" };
        var limit = new Option<int?>("--limit")
        {
            Description = $"How many agents at most, 1 to {MaxLimit} (the server's default: 100)",
            HelpName = "N",
        };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } n && n is < 1 or > MaxLimit)
            {
                result.AddError($"--limit: must be from 1 to {MaxLimit}");
            }
        });

        var command = new Command("discovered", "AI agents the daemons discovered (claude-code, codex, ...), running and ended, newest first")
        {
            agent, type, running, ended, limit,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(running) is not null && result.GetResult(ended) is not null)
            {
                result.AddError("--running and --ended exclude each other; give one or neither");
            }
        });
        RestAction.Set(command, options, run =>
        {
            var query = new List<string>();
            if (run.Value(agent) is { Length: > 0 } daemon)
            {
                query.Add("agent=" + (Guid.TryParse(daemon, out var id)
                    ? id.ToString("D")
                    : throw new UsageException($"--agent: '{daemon}' is not an agent ID (a UUID, as `tyr agents list` shows)")));
            }

            if (run.Value(type) is { Length: > 0 } agentType)
            {
                query.Add("type=" + Uri.EscapeDataString(agentType));
            }

            if (run.Value(running))
            {
                query.Add("state=running");
            }
            else if (run.Value(ended))
            {
                query.Add("state=ended");
            }

            if (run.Value(limit) is { } n)
            {
                query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
            }

            return run.ShowAsync(query.Count == 0 ? "discovered-agents" : "discovered-agents?" + string.Join('&', query), Render);
        });
        return command;
    }

    private static void Render(string json)
    {
        var agents = ApiJson.Decode(json, ApiJson.Context.DiscoveredAgentListResponse).DiscoveredAgents;
        if (agents.Count == 0)
        {
            Console.Error.WriteLine("no discovered agents match (tyrd reports the AI agents it finds on its host, see docs/agents.md)");
            return;
        }

        var shortIds = agents.Select(a => a.DiscoveredAgentId).Distinct(StringComparer.Ordinal).Count() ==
                       agents.Select(a => Abbreviate(a.DiscoveredAgentId)).Distinct(StringComparer.Ordinal).Count();
        var table = new Table(s_headers);
        foreach (var a in agents)
        {
            table.Add(
                shortIds ? Abbreviate(a.DiscoveredAgentId) : a.DiscoveredAgentId,
                a.AgentType,
                a.AgentName,
                TextCells.Number(a.RootPid),
                a.Running ? TextCells.Number(a.ProcessCount) : TextCells.None,
                a.StartedAt,
                a.LastActivity,
                State(a),
                Cut(a.Cmdline));
        }

        table.WriteTo(Console.Out);
    }

    /// <summary>running; ended; lost: it ended while its daemon could not watch it (tyrd was down or restarted).</summary>
    public static string State(DiscoveredAgentDto agent) => agent.Running ? "running" : agent.EndSeen == false ? "lost" : "ended";

    private static string Abbreviate(string id) => id.Length > ShortIdLength ? id[..ShortIdLength] : id;

    private static string? Cut(string? cmdline) =>
        cmdline is { Length: > CommandWidth } ? string.Concat(cmdline.AsSpan(0, CommandWidth - 3), "...") : cmdline;
}
