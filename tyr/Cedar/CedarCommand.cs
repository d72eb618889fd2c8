using System.CommandLine;

namespace Tyr.Cli.Cedar;

/// <summary>`tyr cedar ...`: local tools for Cedar policies, no server involved.</summary>
internal static class CedarCommand
{
    public static Command Create() => new("cedar", "Cedar policies, locally")
    {
        AuthorizeCommand.Create(),
    };
}
