using System.CommandLine;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Events;

/// <summary>`tyr events list|tail`: stored events (GET /api/v1/events).</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var group = new Command("events", "Events the daemons reported (tyr-server's REST API)");
        var options = ClientOptions.AddTo(group);
        group.Subcommands.Add(EventsListCommand.Create(options));
        group.Subcommands.Add(EventsTailCommand.Create(options));
        return group;
    }
}
