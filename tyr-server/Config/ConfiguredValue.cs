using System.CommandLine;

namespace Tyr.Server.Config;

/// <summary>The precedence of <c>tyr-server run</c>'s settings: a flag on the command line, then the config file, then the flag's default.</summary>
internal static class ConfiguredValue
{
    public static T Pick<T>(ParseResult parse, Option<T> option, T? fromFile)
        where T : class
    {
        var typed = parse.GetResult(option) is { Implicit: false };
        return typed || fromFile is null ? parse.GetValue(option)! : fromFile;
    }

    public static T Pick<T>(ParseResult parse, Option<T> option, T? fromFile)
        where T : struct
    {
        var typed = parse.GetResult(option) is { Implicit: false };
        return typed || fromFile is null ? parse.GetValue(option) : fromFile.Value;
    }
}
