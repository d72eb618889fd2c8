using System.CommandLine;

namespace Tyr.Daemon.Cli;

/// <summary>Parses the command line; usage errors exit 2, distinct from failures (1).</summary>
internal static class TyrdCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = new RootCommand("tyrd: the Tyr agent daemon")
        {
            EnrollCommand.Create(),
            RunCommand.Create(),
            UninstallHooksCommand.Create(),
            StatusCommand.Create(),
        };

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"tyrd: {error.Message}");
            }

            Console.Error.WriteLine("Run 'tyrd --help' for usage.");
            return ExitCodes.Usage;
        }

        // Signals are tyrd's own business (run flushes the spool on SIGTERM).
        return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }
}
