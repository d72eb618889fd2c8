using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy list`: every stored version, newest first.</summary>
internal static class ListCommand
{
    public static Command Create(ClientOptions options)
    {
        var command = new Command("list", "Every policy version, newest first");
        RestAction.Set(command, options, run => run.ShowAsync("policies", Render));
        return command;
    }

    private static void Render(string json)
    {
        var versions = ApiJson.Decode(json, ApiJson.Context.PolicyVersionListResponse).Versions;
        if (versions.Count == 0)
        {
            Console.Error.WriteLine("no policy versions yet (apply one with `tyr policy apply FILE`)");
            return;
        }

        var table = new Table("VERSION", "NAME", "RULES", "CREATED", "AUTHOR", "HASH", "MESSAGE");
        foreach (var v in versions)
        {
            var message = PolicyReports.RolledBack(v.RolledBackFrom) is { } rollback
                ? string.IsNullOrEmpty(v.Message) ? rollback : $"[{rollback}] {v.Message}"
                : v.Message;
            table.Add(VersionNumber.Format(v.Version), v.Name, TextCells.Number(v.RuleCount), v.CreatedAt, v.Author, TextCells.ShortHash(v.Hash), message);
        }

        table.WriteTo(Console.Out);
    }
}
