using System.CommandLine;
using Tyr.Cli.Agents;
using Tyr.Cli.Cedar;
using Tyr.Cli.Events;
using Tyr.Cli.Policies;

namespace Tyr.Cli;

/// <summary>
/// The command tree (one group per area: <c>cedar</c> works locally, <c>policy</c>, <c>agents</c>
/// and <c>events</c> talk to tyr-server's REST API) and the one place that turns failures into exit
/// codes (<see cref="ExitCodes"/>), each failure as <c>tyr: error:</c> lines on stderr.
/// </summary>
internal static class TyrCli
{
    public static RootCommand CreateRoot() => new(
        "Tyr: the operators' command line.\n\n" +
        "policy, agents and events talk to tyr-server's REST API: --server URL, --token TOKEN and --ca FILE, " +
        "else TYR_SERVER, TYR_TOKEN and TYR_CA, else $TYR_CONFIG or ~/.config/tyr/config.yaml (keys server, token, ca). " +
        "-o json prints the server's JSON. See docs/cli.md.\n\n" + ExitCodes.Help)
    {
        PolicyCommand.Create(),
        AgentsCommand.Create(),
        EventsCommand.Create(),
        CedarCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = CreateRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return Fail(ExitCodes.Usage, parseResult.Errors[0].Message);
        }

        // Signals are the commands' own business: `events tail` stops cleanly (exit 0) on Ctrl-C
        // and SIGTERM, the other commands are short and may simply die.
        var invocation = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation);
        }
        catch (CommandFailedException e)
        {
            foreach (var message in e.Messages)
            {
                Fail(e.ExitCode, message);
            }

            return e.ExitCode;
        }
        catch (UsageException e)
        {
            return Fail(ExitCodes.Usage, e.Message);
        }
        catch (Exception e)
        {
            return Fail(ExitCodes.Failure, e.Message);
        }
    }

    private static int Fail(int exitCode, string message)
    {
        // One line, whatever the message: System.CommandLine's own messages contain tabs and
        // newlines. Other spaces stay, since a message may quote an id that contains them.
        var oneLine = message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
        Console.Error.WriteLine($"tyr: error: {oneLine}");
        return exitCode;
    }
}
