using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Agents;

/// <summary>
/// `tyr agents list`: the enrolled daemons (GET /api/v1/agents); `tyr agents discovered` and
/// `tyr agents signatures`: the AI agents they found and the catalogue they find them with.
/// </summary>
internal static class AgentsCommand
{
    public static Command Create()
    {
        var group = new Command("agents", "Enrolled tyrd daemons and the AI agents they discovered (tyr-server's REST API)");
        var options = ClientOptions.AddTo(group);

        var list = new Command("list", "Every enrolled agent, revoked ones included, in enrollment order");
        RestAction.Set(list, options, run => run.ShowAsync("agents", Render));
        group.Subcommands.Add(list);
        group.Subcommands.Add(DiscoveredCommand.Create(options));
        group.Subcommands.Add(SignaturesCommand.Create(options));
        return group;
    }

    private static void Render(string json)
    {
        var agents = ApiJson.Decode(json, ApiJson.Context.AgentListResponse).Agents;
        if (agents.Count == 0)
        {
            Console.Error.WriteLine("no agents enrolled yet (enroll one with `tyrd enroll`, see docs/operations.md)");
            return;
        }

        var table = new Table("ID", "NAME", "STATUS", "LAST SEEN", "KERNEL", "ARCH");
        foreach (var agent in agents)
        {
            var status = agent.Revoked ? "revoked" : agent.Connected ? "connected" : "disconnected";
            table.Add(agent.Id, agent.Name, status, agent.LastSeen, agent.KernelVersion, agent.Arch);
        }

        table.WriteTo(Console.Out);
    }
}
