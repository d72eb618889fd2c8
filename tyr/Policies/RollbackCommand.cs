using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>
/// `tyr policy rollback N`: a new version whose YAML is version N's (history is never rewritten);
/// assignments of that policy name move to it, and the daemons concerned get it at once.
/// </summary>
internal static class RollbackCommand
{
    public static Command Create(ClientOptions options)
    {
        var version = new Argument<string>("VERSION") { Description = "The version whose YAML to restore" };
        var message = MessageOption.Create();
        var command = new Command("rollback", "Store a new version with the YAML of an earlier one") { version, message };
        RestAction.Set(command, options, async run =>
        {
            var number = VersionNumber.Format(VersionNumber.Parse(run.Value(version), "VERSION"));
            var body = ApiJson.Encode(new RollbackRequest(run.Value(message)), ApiJson.Context.RollbackRequest);
            var json = await run.Api.PostAsync($"policies/{number}/rollback", body, run.Cancellation);
            run.Print(json, Render);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(string json)
    {
        var version = ApiJson.Decode(json, ApiJson.Context.PolicyVersionDto);
        var from = version.RolledBackFrom is { } n ? $" with the YAML of v{VersionNumber.Format(n)}" : string.Empty;
        Console.Out.WriteLine($"rolled back: {PolicyReports.Summary(version)}{from}");
    }
}
