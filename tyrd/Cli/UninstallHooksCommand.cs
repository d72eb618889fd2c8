using System.CommandLine;
using Tyr.Daemon.Config;
using Tyr.Daemon.Enrollment;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Kernel.Pinning;

namespace Tyr.Daemon.Cli;

/// <summary>
/// <c>tyrd uninstall-hooks [--state-dir DIR] [--config FILE]</c>: removes what tyrd pinned under
/// kernel.pin_dir, which detaches every program a stopped tyrd left enforcing. Refused while a
/// tyrd runs on the state directory: its own handles would keep its programs attached until it
/// exits, so the command could not keep its promise. Package removal runs it after stopping tyrd.
/// </summary>
internal static class UninstallHooksCommand
{
    public static Command Create()
    {
        var stateDir = new Option<string>("--state-dir")
        {
            Description = "The state directory of the tyrd that must not be running",
            DefaultValueFactory = _ => StateDirectory.DefaultPath,
        };
        var config = new Option<string>("--config")
        {
            Description = "The daemon's YAML configuration, for kernel.pin_dir",
            DefaultValueFactory = _ => DaemonConfig.DefaultPath,
        };

        var command = new Command("uninstall-hooks", "Detach and unpin every kernel hook a stopped tyrd left in place")
        {
            stateDir, config,
        };
        command.SetAction(result => Run(result.GetRequiredValue(stateDir), result.GetRequiredValue(config)));
        return command;
    }

    private static int Run(string stateDirectory, string configPath)
    {
        try
        {
            var config = DaemonConfigLoader.Load(configPath);
            if (config.PinDirectory is not { } root)
            {
                Console.WriteLine($"tyrd: kernel.pin_dir is off in {configPath}: nothing is pinned, the hooks go with tyrd");
                return ExitCodes.Ok;
            }

            var state = new StateDirectory(stateDirectory);
            using var running = Directory.Exists(state.Path) ? state.TryLock() : null;
            if (Directory.Exists(state.Path) && running is null)
            {
                Console.Error.WriteLine($"tyrd: a tyrd is running with {state.Path}; stop it first (systemctl stop tyrd)");
                return ExitCodes.Failure;
            }

            var pins = PinDirectory.Existing(root);
            if (pins is null)
            {
                Console.WriteLine($"tyrd: nothing pinned under {root}");
                return ExitCodes.Ok;
            }

            var removed = pins.RemoveAll();
            Console.WriteLine($"tyrd: removed {root}: {removed.Links} links detached, {removed.Maps} map pins released; no tyr hook is attached any more");
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is ConfigException or KernelException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tyrd: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
