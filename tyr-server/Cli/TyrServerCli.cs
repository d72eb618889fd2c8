using System.CommandLine;

namespace Tyr.Server.Cli;

/// <summary>
/// The command tree and the one place that turns failures into exit codes: 2 for anything the user
/// typed wrong, 1 for everything else, each with a single <c>tyr-server: error:</c> line on stderr.
/// </summary>
internal static class TyrServerCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Tyr server: enrolls tyrd agents, receives their events, serves the REST API.")
        {
            RunCommand.Create(),
            TokenCommand.Create(),
            AdminTokenCommand.Create(),
            AgentCommand.Create(),
            CaCommand.Create(),
            CompileCommand.Create(),
        };

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return Fail(ExitCodes.Usage, parseResult.Errors[0].Message);
        }

        // Signals belong to the web host (`run` stops gracefully on SIGTERM/SIGINT); the other
        // commands are short and may simply die.
        var invocation = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(invocation);
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
        // One line, whatever the message: System.CommandLine's own messages contain tabs and newlines.
        var oneLine = string.Join(' ', message.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        Console.Error.WriteLine($"tyr-server: error: {oneLine}");
        return exitCode;
    }
}
