using System.CommandLine;
using Tyr.Server.Hosting;
using Tyr.Server.Storage;

namespace Tyr.Server.Cli;

/// <summary>`admin-token create`: a bearer token for the REST API.</summary>
internal static class AdminTokenCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var label = new Option<string>("--label")
        {
            Description = "A note stored with the token's hash (who or what it is for)",
            DefaultValueFactory = _ => string.Empty,
        };
        var create = new Command("create", "Create an operator token for the REST API (printed once, stored as a hash)") { data, label };
        create.SetAction(parse =>
        {
            var time = TimeProvider.System;
            using var state = ServerState.Initialize(new DataDirectory(parse.GetValue(data)!), time);
            Console.Out.WriteLine(new OperatorTokenStore(state.Database, time).Create(parse.GetValue(label) ?? string.Empty));
            return ExitCodes.Ok;
        });

        return new Command("admin-token", "Operator tokens for the REST API") { create };
    }
}
