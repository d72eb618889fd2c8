using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy unassign --daemon ID | --agent-type T`: removes a target's assignment (404, exit 3, if it has none).</summary>
internal static class UnassignCommand
{
    public static Command Create(ClientOptions options)
    {
        var target = new AssignmentTarget();
        var command = new Command("unassign", "Remove the version bound to a daemon or an AI-agent type");
        target.AddTo(command);
        RestAction.Set(command, options, async run =>
        {
            var (type, id) = target.Resolve(run.Parse);
            var json = await run.Api.DeleteAsync($"assignments/{type}/{Uri.EscapeDataString(id)}", run.Cancellation);
            run.Print(json, Render);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(string json)
    {
        var removed = ApiJson.Decode(json, ApiJson.Context.UnassignResponse).Removed;
        var name = string.IsNullOrEmpty(removed.Name) ? string.Empty : $", {removed.Name}";
        Console.Out.WriteLine(
            $"unassigned {AssignmentTarget.Describe(removed.TargetType, removed.TargetId)} (was v{VersionNumber.Format(removed.Version)}{name})");
    }
}
