using System.CommandLine;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy ...`: policy versions, assignments and effective policies (tyr-server's REST API).</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var group = new Command("policy", "Policies: apply YAML, inspect versions, assign them, see what a daemon enforces");
        var options = ClientOptions.AddTo(group);
        group.Subcommands.Add(ApplyCommand.Create(options));
        group.Subcommands.Add(ListCommand.Create(options));
        group.Subcommands.Add(ShowCommand.Create(options));
        group.Subcommands.Add(DiffCommand.Create(options));
        group.Subcommands.Add(RollbackCommand.Create(options));
        group.Subcommands.Add(AssignCommand.Create(options));
        group.Subcommands.Add(UnassignCommand.Create(options));
        group.Subcommands.Add(AssignmentsCommand.Create(options));
        group.Subcommands.Add(EffectiveCommand.Create(options));
        return group;
    }
}
