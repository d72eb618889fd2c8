using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Json;

namespace Tyr.Cli.Cedar;

/// <summary>
/// `tyr cedar authorize`: judges one request, or a batch, against a policy file and an entities
/// file, and prints the responses as JSON. Any decision exits 0; input it cannot use exits 2.
/// </summary>
internal static class AuthorizeCommand
{
    private static readonly JsonWriterOptions s_output = new()
    {
        Indented = true,
        // Policy ids and messages quote Cedar text; keep it readable (this is not HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var policies = new Option<string>("--policies")
        {
            Description = "Cedar policy file; a policy's id is its @id annotation, else policy0, policy1... in file order",
            HelpName = "FILE",
            Required = true,
        };
        var entities = new Option<string>("--entities")
        {
            Description = "Entities JSON file in Cedar's format: [{\"uid\": {\"type\", \"id\"}, \"attrs\": {}, \"parents\": []}]. " +
                          "Optional: without it there are no entities",
            HelpName = "FILE",
        };
        var request = new Option<string>("--request")
        {
            Description = "One request as JSON: {\"principal\": \"User::\\\"alice\\\"\", \"action\": \"Action::\\\"view\\\"\", " +
                          "\"resource\": \"Photo::\\\"a\\\"\", \"context\": {}}; prints one result object",
            HelpName = "FILE",
        };
        var requests = new Option<string>("--requests")
        {
            Description = "A JSON array of requests; prints an array of results in the same order",
            HelpName = "FILE",
        };

        var command = new Command(
            "authorize",
            "Decide requests against policies and entities; prints {\"decision\", \"reasons\", \"errors\"} as JSON")
        {
            policies, entities, request, requests,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetResult(request) is null) == (result.GetResult(requests) is null))
            {
                result.AddError("give exactly one of --request FILE and --requests FILE");
            }
        });

        command.SetAction(parse =>
        {
            // Everything is read and judged before anything is printed: a bad input leaves stdout empty.
            var policySet = CedarFiles.Policies(parse.GetValue(policies)!);
            var store = CedarFiles.Entities(parse.GetValue(entities));
            var single = parse.GetValue(request);
            var batch = single is null ? CedarFiles.Requests(parse.GetValue(requests)!) : [CedarFiles.Request(single)];
            var responses = new AuthorizationResponse[batch.Count];
            for (var i = 0; i < responses.Length; i++)
            {
                responses[i] = Authorizer.Authorize(policySet, batch[i], store);
            }

            using var stdout = Console.OpenStandardOutput();
            using (var writer = new Utf8JsonWriter(stdout, s_output))
            {
                if (single is not null)
                {
                    ResponseJson.Write(writer, responses[0]);
                }
                else
                {
                    writer.WriteStartArray();
                    foreach (var response in responses)
                    {
                        ResponseJson.Write(writer, response);
                    }

                    writer.WriteEndArray();
                }
            }

            stdout.Write("\n"u8);
            return ExitCodes.Ok;
        });

        return command;
    }
}
