using System.CommandLine;

namespace Tyr.Cli.Connection;

/// <summary>Gives a command an action that runs with a connected <see cref="ApiClient"/>.</summary>
internal static class RestAction
{
    public static void Set(Command command, ClientOptions options, Func<RestInvocation, Task<int>> action) =>
        command.SetAction(async (parse, cancellation) =>
        {
            using var api = options.Connect(parse);
            return await action(new RestInvocation(parse, api, options.Format(parse), cancellation));
        });
}
