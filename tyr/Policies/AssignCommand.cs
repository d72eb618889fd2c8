using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>
/// `tyr policy assign N --daemon ID | --agent-type T`: binds a version to a target, replacing what
/// it had; the daemons concerned get their new effective policy at once.
/// </summary>
internal static class AssignCommand
{
    public static Command Create(ClientOptions options)
    {
        var version = new Argument<string>("VERSION") { Description = "The version to assign" };
        var target = new AssignmentTarget();
        var command = new Command("assign", "Bind a version to a daemon (its base policy) or to an AI-agent type (an overlay)") { version };
        target.AddTo(command);
        RestAction.Set(command, options, async run =>
        {
            var number = VersionNumber.Parse(run.Value(version), "VERSION");
            var (type, id) = target.Resolve(run.Parse);
            var body = ApiJson.Encode(new AssignRequest(number, type, id), ApiJson.Context.AssignRequest);
            var json = await run.Api.PostAsync("assignments", body, run.Cancellation);
            run.Print(json, Render);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(string json)
    {
        var a = ApiJson.Decode(json, ApiJson.Context.AssignmentDto);
        var name = string.IsNullOrEmpty(a.Name) ? string.Empty : $" ({a.Name})";
        Console.Out.WriteLine($"assigned v{VersionNumber.Format(a.Version)}{name} to {AssignmentTarget.Describe(a.TargetType, a.TargetId)}");
    }
}
