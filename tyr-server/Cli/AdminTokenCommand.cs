using System.CommandLine;
using Tyr.Server.Hosting;
using Tyr.Server.Storage;
using Tyr.Server.Tokens;

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
        var scope = new Option<string>("--scope")
        {
            Description = "operator: the whole REST API; metrics: GET /metrics only (for Prometheus)",
            DefaultValueFactory = _ => TokenScopes.OperatorName,
        };
        scope.AcceptOnlyFromAmong(TokenScopes.OperatorName, TokenScopes.MetricsName);
        var create = new Command("create", "Create an operator token for the REST API (printed once, stored as a hash)") { data, label, scope };
        create.SetAction(parse =>
        {
            var time = TimeProvider.System;
            using var state = ServerState.Initialize(new DataDirectory(parse.GetValue(data)!), time);
            var tokenScope = parse.GetValue(scope) == TokenScopes.MetricsName ? TokenScope.Metrics : TokenScope.Operator;
            Console.Out.WriteLine(new OperatorTokenStore(state.Database, time).Create(parse.GetValue(label) ?? string.Empty, tokenScope));
            return ExitCodes.Ok;
        });

        return new Command("admin-token", "Operator tokens for the REST API") { create };
    }
}
