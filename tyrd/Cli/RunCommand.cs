using System.CommandLine;
using Tyr.Daemon.Config;
using Tyr.Daemon.Enrollment;
using Tyr.Daemon.Runtime;

namespace Tyr.Daemon.Cli;

/// <summary><c>tyrd run [--state-dir DIR] [--config FILE] [--test-event-socket PATH]</c>.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "Where the agent key, certificate and spool live",
            DefaultValueFactory = _ => StateDirectory.DefaultPath,
        };
        var config = new Option<string>("--config")
        {
            Description = "The daemon's YAML configuration (a missing file means defaults)",
            DefaultValueFactory = _ => DaemonConfig.DefaultPath,
        };
        var testSocket = new Option<string?>("--test-event-socket")
        {
            Description = "TESTING ONLY: take events from newline-delimited JSON on this Unix socket instead of the kernel",
            Hidden = true,
        };

        var command = new Command("run", "Run the daemon: watch, enforce, stream events to the server")
        {
            stateDir, config, testSocket,
        };
        command.SetAction((result, _) => DaemonHost.RunAsync(new RunOptions(
            result.GetRequiredValue(stateDir),
            result.GetRequiredValue(config),
            result.GetValue(testSocket) is { } socket ? Path.GetFullPath(socket) : null)));
        return command;
    }
}
