using System.CommandLine;
using Tyr.Cli.Api;
using Tyr.Cli.Connection;

namespace Tyr.Cli.Agents;

/// <summary>
/// `tyr agents signatures show | set FILE | reset`: the signature catalogue daemons use to find
/// AI agents (docs/agents.md). `set` sends a file; the server validates it (every error as
/// FILE:LINE:COL, exit 2, nothing stored), stores it and sends it to every connected daemon;
/// `reset` goes back to the built-in catalogue.
/// </summary>
internal static class SignaturesCommand
{
    private const string Path = "agent-signatures";

    // The name the server reports errors against; replaced by the path the operator typed.
    private const string ServerErrorPrefix = "agent-signatures:";

    public static Command Create(ClientOptions options)
    {
        var group = new Command("signatures", "The agent signature catalogue the daemons use (docs/agents.md)");

        var show = new Command("show", "Print the catalogue in force (YAML on stdout; where it comes from on stderr)");
        RestAction.Set(show, options, run => run.ShowAsync(Path, RenderShow));
        group.Subcommands.Add(show);

        var file = new Argument<string>("FILE") { Description = "The catalogue YAML (docs/agents.md); - reads standard input" };
        var set = new Command("set", "Replace the catalogue: validated, stored as a new version, sent to every connected daemon") { file };
        RestAction.Set(set, options, async run =>
        {
            var path = run.Value(file)!;
            var (yaml, name) = path == "-" ? (await Console.In.ReadToEndAsync(run.Cancellation), "stdin") : (InputFile.ReadText(path), path);
            string json;
            try
            {
                json = await run.Api.PutTextAsync(Path, yaml, "text/yaml", run.Cancellation);
            }
            catch (CommandFailedException e)
            {
                throw new CommandFailedException(e.ExitCode, [.. e.Messages.Select(m => m.StartsWith(ServerErrorPrefix, StringComparison.Ordinal) ? name + ":" + m[ServerErrorPrefix.Length..] : m)]);
            }

            run.Print(json, RenderChange);
            return ExitCodes.Ok;
        });
        group.Subcommands.Add(set);

        var reset = new Command("reset", "Go back to the built-in catalogue (a new version that says so), sent to every connected daemon");
        RestAction.Set(reset, options, async run =>
        {
            run.Print(await run.Api.DeleteAsync(Path, run.Cancellation), RenderChange);
            return ExitCodes.Ok;
        });
        group.Subcommands.Add(reset);
        return group;
    }

    private static void RenderShow(string json)
    {
        var catalogue = ApiJson.Decode(json, ApiJson.Context.AgentSignaturesDto);
        // The YAML exactly as stored, so `show > file.yaml` gives a file `set` accepts again.
        Console.Out.Write(catalogue.Yaml);
        if (!catalogue.Yaml.EndsWith('\n'))
        {
            Console.Out.WriteLine();
        }

        Console.Error.WriteLine(Describe(catalogue));
    }

    private static void RenderChange(string json)
    {
        var catalogue = ApiJson.Decode(json, ApiJson.Context.AgentSignaturesDto);
        var sent = catalogue.SentTo is { } count ? $"; sent to {count} connected daemon{(count == 1 ? string.Empty : "s")}" : string.Empty;
        Console.Out.WriteLine(Describe(catalogue) + sent);
    }

    private static string Describe(AgentSignaturesDto catalogue)
    {
        var what = catalogue.BuiltIn ? "the built-in catalogue" : "an operator's catalogue";
        var version = catalogue.Version is { } v ? $"agent signatures v{v}: " : "agent signatures: ";
        var by = catalogue.Author is { } author ? $", set by {author} at {catalogue.CreatedAt}" : string.Empty;
        return $"{version}{what}, {catalogue.Signatures} signatures{by}";
    }
}
