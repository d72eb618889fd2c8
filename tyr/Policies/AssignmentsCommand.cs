using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy assignments`: which version each daemon and each AI-agent type has.</summary>
internal static class AssignmentsCommand
{
    public static Command Create(ClientOptions options)
    {
        var command = new Command("assignments", "Every assignment: daemons and AI-agent types with their versions");
        RestAction.Set(command, options, run => run.ShowAsync("assignments", Render));
        return command;
    }

    private static void Render(string json)
    {
        var assignments = ApiJson.Decode(json, ApiJson.Context.AssignmentListResponse).Assignments;
        if (assignments.Count == 0)
        {
            Console.Error.WriteLine(
                "no assignments: a daemon with neither a base nor an overlay denies everything it governs (assign with `tyr policy assign`)");
            return;
        }

        var table = new Table("TARGET TYPE", "TARGET", "VERSION", "NAME", "ASSIGNED", "BY");
        foreach (var a in assignments)
        {
            table.Add(a.TargetType, a.TargetId, VersionNumber.Format(a.Version), a.Name, a.AssignedAt, a.AssignedBy);
        }

        table.WriteTo(Console.Out);
    }
}
