using System.CommandLine;
using Tyr.Cli.Output;

namespace Tyr.Cli.Connection;

/// <summary>
/// The options of every REST command, declared once per group (<c>policy</c>, <c>agents</c>,
/// <c>events</c>) and inherited by its subcommands: where the server is, the token, the CA pin,
/// and the output format.
/// </summary>
internal sealed class ClientOptions
{
    private ClientOptions()
    {
        Output.AcceptOnlyFromAmong("table", "json");
    }

    public Option<string> Server { get; } = new("--server")
    {
        Description = "tyr-server's REST address, https://HOST[:PORT] (port 7701 if omitted); else $TYR_SERVER, else 'server:' in the config file",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> Token { get; } = new("--token")
    {
        Description = "Operator token (tyr-server admin-token create); else $TYR_TOKEN, else 'token:' in the config file. " +
                      "Prefer those two: a flag shows in the process list",
        HelpName = "TOKEN",
        Recursive = true,
    };

    public Option<string> Ca { get; } = new("--ca")
    {
        Description = "The server's CA certificate (PEM); the server must chain to it and to nothing else. " +
                      "Else $TYR_CA, else 'ca:' in the config file",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table: aligned columns for people; json: the server's JSON, indented, for scripts",
        HelpName = "table|json",
        DefaultValueFactory = _ => "table",
        Recursive = true,
    };

    /// <summary>Fresh options added to <paramref name="group"/>; its subcommands inherit them.</summary>
    public static ClientOptions AddTo(Command group)
    {
        var options = new ClientOptions();
        group.Options.Add(options.Server);
        group.Options.Add(options.Token);
        group.Options.Add(options.Ca);
        group.Options.Add(options.Output);
        return options;
    }

    public OutputFormat Format(ParseResult parse) => parse.GetValue(Output) == "json" ? OutputFormat.Json : OutputFormat.Table;

    /// <summary>Resolves the connection settings and opens a client; usage errors name the setting.</summary>
    public ApiClient Connect(ParseResult parse) =>
        ApiClient.Create(SettingsResolver.Resolve(parse.GetValue(Server), parse.GetValue(Token), parse.GetValue(Ca)));
}
