using System.CommandLine;
using System.Net;
using System.Text.Json;
using Tyr.Server.Hosting;
using Tyr.Server.Rest;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Cli;

/// <summary>`token create`: an enrollment token for `tyrd enroll`, usable while the server runs.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        var ttl = TtlOption.Create();
        var output = new Option<string>("--output", "-o")
        {
            Description = "text: the token on stdout, a usage hint on stderr; json: one JSON object",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");

        var create = new Command("create", "Create a single-use enrollment token") { data, ttl, output };
        create.SetAction(parse =>
        {
            var time = TimeProvider.System;
            using var state = ServerState.Initialize(new DataDirectory(parse.GetValue(data)!), time);
            var issued = new EnrollmentTokenStore(state.Database, time).Create(parse.GetValue(ttl));
            var expiresAt = Rfc3339.Format(issued.ExpiresAt);
            if (parse.GetValue(output) == "json")
            {
                var json = new EnrollmentTokenResponse(issued.Token, expiresAt, state.Ca.Fingerprint);
                Console.Out.WriteLine(JsonSerializer.Serialize(json, RestJson.Context.EnrollmentTokenResponse));
                return ExitCodes.Ok;
            }

            Console.Out.WriteLine(issued.Token);
            Console.Error.WriteLine($"expires:        {expiresAt}");
            Console.Error.WriteLine($"CA fingerprint: {state.Ca.Fingerprint}");
            Console.Error.WriteLine("enroll an agent with:");
            Console.Error.WriteLine($"  tyrd enroll --server {Dns.GetHostName()}:7700 --token {issued.Token} --ca-fingerprint {state.Ca.Fingerprint}");
            return ExitCodes.Ok;
        });

        return new Command("token", "Enrollment tokens") { create };
    }
}
