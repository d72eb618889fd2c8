using System.CommandLine;
using Tyr.Server.Tokens;

namespace Tyr.Server.Cli;

internal static class TtlOption
{
    public static Option<TimeSpan> Create() => new("--ttl")
    {
        Description = $"How long the token stays valid: {Ttl.Syntax}",
        HelpName = "TTL",
        DefaultValueFactory = _ => Ttl.Default,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return Ttl.Default;
            }

            if (Ttl.TryParse(result.Tokens[0].Value, out var ttl, out var error))
            {
                return ttl;
            }

            result.AddError($"--ttl: {error}");
            return default;
        },
    };
}
