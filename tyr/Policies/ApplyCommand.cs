using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Policies;

/// <summary>
/// `tyr policy apply FILE`: sends the YAML and the file's name; the server compiles it and stores a
/// new version, or refuses it with every error as <c>FILE:LINE:COL: message</c> (exit 2, nothing
/// stored). Assignments that point at a version of the same policy name move to the new one.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(ClientOptions options)
    {
        var file = new Argument<string>("FILE") { Description = "The policy YAML (docs/policy-yaml.md); - reads standard input" };
        var message = MessageOption.Create();
        var command = new Command("apply", "Compile a policy file on the server and store it as a new version") { file, message };
        RestAction.Set(command, options, async run =>
        {
            var path = run.Value(file)!;
            var (yaml, name) = path == "-" ? (await Console.In.ReadToEndAsync(run.Cancellation), "stdin") : (InputFile.ReadText(path), ErrorName(path));
            var body = ApiJson.Encode(new ApplyPolicyRequest(yaml, name, run.Value(message)), ApiJson.Context.ApplyPolicyRequest);
            var json = await run.Api.PostAsync("policies", body, run.Cancellation);
            run.Print(json, Render);
            return ExitCodes.Ok;
        });
        return command;
    }

    // Errors come back prefixed with this name: the path as typed, so an editor can jump to it;
    // the server takes at most 255 characters, so a longer path is sent as its file name.
    private static string ErrorName(string path) => path.Length <= 255 ? path : Path.GetFileName(path);

    private static void Render(string json)
    {
        var version = ApiJson.Decode(json, ApiJson.Context.PolicyVersionDto);
        Console.Out.WriteLine("applied " + PolicyReports.Summary(version));
        PolicyReports.WriteRouting(Console.Out, version.Routing, withScope: false);
    }
}
