using System.CommandLine;
using Tyr.Cli.Cedar;

namespace Tyr.Cli;

/// <summary>
/// The command tree (one group per area: <c>cedar</c> now, the REST groups of tyr-server later)
/// and the one place that turns failures into exit codes: 2 for input the user must fix, 1 for
/// everything else, each with a single <c>tyr: error:</c> line on stderr.
/// </summary>
internal static class TyrCli
{
    public static RootCommand CreateRoot() => new("Tyr: the operators' command line.")
    {
        CedarCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = CreateRoot().Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            return Fail(ExitCodes.Usage, parseResult.Errors[0].Message);
        }

        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
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
        // One line, whatever the message: System.CommandLine's own messages contain tabs and
        // newlines. Other spaces stay, since a message may quote an id that contains them.
        var oneLine = message.ReplaceLineEndings(" ").Replace('\t', ' ').Trim();
        Console.Error.WriteLine($"tyr: error: {oneLine}");
        return exitCode;
    }
}
