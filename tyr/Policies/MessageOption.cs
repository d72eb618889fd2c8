using System.CommandLine;

namespace Tyr.Cli.Policies;

internal static class MessageOption
{
    /// <summary>-m MSG, stored with the new version like a commit message.</summary>
    public static Option<string> Create() => new("--message", "-m")
    {
        Description = "Why: stored with the new version, shown by `tyr policy list`",
        HelpName = "MSG",
    };
}
