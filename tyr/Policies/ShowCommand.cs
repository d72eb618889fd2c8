using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;
using Tyr.Cli.Output;

namespace Tyr.Cli.Policies;

/// <summary>`tyr policy show N`: one version's metadata, YAML, compiled Cedar and routing.</summary>
internal static class ShowCommand
{
    public static Command Create(ClientOptions options)
    {
        var version = new Argument<string>("VERSION") { Description = "A version number from `tyr policy list`" };
        var command = new Command("show", "One version: its YAML, the Cedar it compiled to, and which rule runs in which layer") { version };
        RestAction.Set(command, options, run =>
        {
            var number = VersionNumber.Parse(run.Value(version), "VERSION");
            return run.ShowAsync("policies/" + VersionNumber.Format(number), Render);
        });
        return command;
    }

    private static void Render(string json)
    {
        var v = ApiJson.Decode(json, ApiJson.Context.PolicyVersionDto);
        var output = Console.Out;
        PolicyReports.WriteFields(
            output,
            ("version", VersionNumber.Format(v.Version)),
            ("name", v.Name),
            ("description", v.Description),
            ("rules", TextCells.Number(v.RuleCount)),
            ("hash", v.Hash),
            ("author", v.Author),
            ("created", v.CreatedAt),
            ("message", v.Message),
            ("rolled back from", v.RolledBackFrom is { } from ? VersionNumber.Format(from) : null));
        PolicyReports.WriteSection(output, "YAML", v.Yaml);
        PolicyReports.WriteSection(output, "Cedar", v.Cedar);
        output.WriteLine();
        output.WriteLine(PolicyReports.Heading("Routing"));
        PolicyReports.WriteRouting(output, v.Routing, withScope: false);
    }
}
