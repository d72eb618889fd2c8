using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy diff --from A --to B`: unified diffs of two versions' YAML and compiled Cedar.</summary>
internal static class DiffCommand
{
    public static Command Create(ClientOptions options)
    {
        var from = new Option<string>("--from") { Description = "The older version", HelpName = "VERSION", Required = true };
        var to = new Option<string>("--to") { Description = "The newer version", HelpName = "VERSION", Required = true };
        var command = new Command("diff", "What changed between two versions, in the YAML and in the compiled Cedar") { from, to };
        RestAction.Set(command, options, run =>
        {
            var a = VersionNumber.Format(VersionNumber.Parse(run.Value(from), "--from"));
            var b = VersionNumber.Format(VersionNumber.Parse(run.Value(to), "--to"));
            return run.ShowAsync($"policies/diff?from={a}&to={b}", Render);
        });
        return command;
    }

    private static void Render(string json)
    {
        var diff = ApiJson.Decode(json, ApiJson.Context.PolicyDiffResponse);
        var range = $"v{VersionNumber.Format(diff.From)} -> v{VersionNumber.Format(diff.To)}";
        Console.Out.WriteLine(PolicyReports.Heading($"YAML, {range}"));
        Console.Out.Write(Body(diff.YamlDiff));
        Console.Out.WriteLine();
        Console.Out.WriteLine(PolicyReports.Heading($"Cedar, {range}"));
        Console.Out.Write(Body(diff.CedarDiff));
    }

    private static string Body(string? diff) =>
        string.IsNullOrEmpty(diff) ? "(no changes)\n" : diff.EndsWith('\n') ? diff : diff + "\n";
}
