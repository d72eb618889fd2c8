using System.CommandLine;

namespace Tyr.Server.Cli;

internal static class CommonOptions
{
    public const string DefaultDataDirectory = "/var/lib/tyr-server";

    /// <summary>Every command takes --data; a fresh option per command keeps the help text local.</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "Data directory: CA, server certificate, database",
        HelpName = "DIR",
        DefaultValueFactory = _ => DefaultDataDirectory,
    };
}
