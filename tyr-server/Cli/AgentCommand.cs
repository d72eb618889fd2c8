using System.CommandLine;
using Tyr.Server.Hosting;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Cli;

internal static class AgentCommand
{
    private static readonly string[] s_header = ["ID", "NAME", "ARCH", "KERNEL", "ENROLLED", "LAST SEEN", "STATUS"];

    public static Command Create() => new("agent", "Enrolled agents") { CreateList(), CreateRevoke() };

    private static Command CreateList()
    {
        var data = CommonOptions.Data();
        var list = new Command("list", "List enrolled agents") { data };
        list.SetAction(parse =>
        {
            using var state = ServerState.OpenExisting(new DataDirectory(parse.GetValue(data)!), TimeProvider.System);
            var agents = new AgentStore(state.Database, TimeProvider.System).List();
            var rows = new List<string[]> { s_header };
            rows.AddRange(agents.Select(a => new[]
            {
                a.Id.ToString("D"),
                a.Name,
                Dash(a.Arch),
                Dash(a.KernelVersion),
                Rfc3339.FormatUnixMilliseconds(a.EnrolledAt),
                a.LastSeen is { } seen ? Rfc3339.FormatUnixMilliseconds(seen) : "never",
                a.IsRevoked ? "revoked" : "active",
            }));
            Console.Out.Write(TextTable.Format(rows));
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command CreateRevoke()
    {
        var data = CommonOptions.Data();
        var id = new Argument<string>("AGENT_ID") { Description = "The agent's UUID (see `agent list`)" };
        var revoke = new Command("revoke", "Revoke an agent: its certificate stops working; a running server ends its stream at the next heartbeat") { id, data };
        revoke.SetAction(parse =>
        {
            var text = parse.GetValue(id)!;
            if (!Guid.TryParse(text, out var agentId))
            {
                throw new UsageException($"AGENT_ID: '{text}' is not a UUID");
            }

            using var state = ServerState.OpenExisting(new DataDirectory(parse.GetValue(data)!), TimeProvider.System);
            var outcome = new AgentStore(state.Database, TimeProvider.System).Revoke(agentId);
            switch (outcome)
            {
                case RevokeOutcome.NotFound:
                    throw new CliFailure($"no agent {agentId} in {state.Directory.DatabasePath}");
                case RevokeOutcome.AlreadyRevoked:
                    Console.Out.WriteLine($"agent {agentId} was already revoked");
                    break;
                default:
                    Console.Out.WriteLine($"revoked agent {agentId}");
                    break;
            }

            return ExitCodes.Ok;
        });
        return revoke;
    }

    private static string Dash(string value) => value.Length == 0 ? "-" : value;
}
