using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>
/// `tyr cedar authorize`, the published NativeAOT binary run as a process: the JSON it prints, its
/// exit codes and its one-line errors. Expected decisions and messages are the official Cedar's.
/// </summary>
public sealed class CedarCommandTests : IDisposable
{
    private const string Photos = """
        permit(principal == User::"alice", action == Action::"view", resource);

        permit(principal in Group::"admins", action, resource);

        @id("no-secrets")
        forbid(principal, action, resource) when { resource.secret };

        @id("needs-mfa")
        permit(principal, action == Action::"edit", resource) when { context.mfa };
        """;

    private const string Entities = """
        [
          {"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []},
          {"uid": {"type": "User", "id": "bob"}, "attrs": {"age": 40}, "parents": [{"type": "Group", "id": "admins"}]},
          {"uid": {"type": "Group", "id": "admins"}, "attrs": {}, "parents": []},
          {"uid": {"type": "Photo", "id": "beach"}, "attrs": {"secret": false}, "parents": []},
          {"uid": {"type": "Photo", "id": "diary"}, "attrs": {"secret": true}, "parents": []}
        ]
        """;

    // The harness's Binaries wants the server and the daemon too; this command needs only `tyr`.
    private static readonly Lazy<string> s_tyrBinary = new(() =>
    {
        var directory = Environment.GetEnvironmentVariable("TYR_BIN_DIR") ?? Path.Combine(Binaries.RepositoryRoot(), "out", "bin");
        var path = Path.Combine(directory, "tyr");
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} not found: run `./tyr.sh build` first (or set TYR_BIN_DIR)");
    });

    private readonly TempDirectory _directory = new("cedar-cli");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_permitted_request_is_allowed_with_the_permit_as_its_reason()
    {
        var result = await AuthorizeAsync(Photos, Entities, Request("User::\"alice\"", "Action::\"view\"", "Photo::\"beach\""));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = JsonDocument.Parse(result.Stdout);
        Assert.Equal("allow", Decision(response.RootElement));
        Assert.Equal(["policy0"], Ids(response.RootElement, "reasons"));
        Assert.Empty(Ids(response.RootElement, "errors"));
    }

    [Fact]
    public async Task A_forbid_denies_and_is_named_as_the_reason()
    {
        var result = await AuthorizeAsync(Photos, Entities, Request("User::\"alice\"", "Action::\"view\"", "Photo::\"diary\""));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = JsonDocument.Parse(result.Stdout);
        Assert.Equal("deny", Decision(response.RootElement));
        Assert.Equal(["no-secrets"], Ids(response.RootElement, "reasons"));
    }

    [Fact]
    public async Task A_policy_that_errors_is_reported_and_skipped()
    {
        const string policies = """
            @id("adults")
            permit(principal, action, resource) when { principal.age >= 18 };
            """;

        var result = await AuthorizeAsync(policies, Entities, Request("User::\"alice\"", "Action::\"view\"", "Photo::\"beach\""));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = JsonDocument.Parse(result.Stdout);
        Assert.Equal("deny", Decision(response.RootElement));
        Assert.Empty(Ids(response.RootElement, "reasons"));
        var error = Assert.Single(response.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("adults", error.GetProperty("policy").GetString());
        Assert.Equal("`User::\"alice\"` does not have the attribute `age`", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_batch_prints_one_result_per_request_in_request_order()
    {
        var requests = "[" + string.Join(",",
            Request("User::\"alice\"", "Action::\"view\"", "Photo::\"beach\""),
            Request("User::\"alice\"", "Action::\"edit\"", "Photo::\"beach\""),
            Request("User::\"alice\"", "Action::\"edit\"", "Photo::\"beach\"", """{"mfa": true}"""),
            Request("User::\"bob\"", "Action::\"delete\"", "Photo::\"beach\""),
            Request("User::\"bob\"", "Action::\"delete\"", "Photo::\"diary\"")) + "]";

        var result = await RunAsync(
            "cedar", "authorize", "--policies", Write("p.cedar", Photos), "--entities", Write("e.json", Entities),
            "--requests", Write("requests.json", requests));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var responses = JsonDocument.Parse(result.Stdout);
        var all = responses.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["allow", "deny", "allow", "allow", "deny"], all.Select(Decision));
        Assert.Equal(["policy0"], Ids(all[0], "reasons"));
        Assert.Empty(Ids(all[1], "reasons"));
        Assert.Equal(["needs-mfa"], Ids(all[2], "reasons"));
        Assert.Equal(["policy1"], Ids(all[3], "reasons"));
        Assert.Equal(["no-secrets"], Ids(all[4], "reasons"));
    }

    [Fact]
    public async Task Without_entities_the_store_is_empty()
    {
        var result = await RunAsync(
            "cedar", "authorize", "--policies", Write("p.cedar", Photos),
            "--request", Write("r.json", Request("User::\"alice\"", "Action::\"view\"", "Photo::\"beach\"")));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var response = JsonDocument.Parse(result.Stdout);
        // The forbid reads an attribute of an entity that does not exist: an error, and the permit stands.
        Assert.Equal("allow", Decision(response.RootElement));
        var error = Assert.Single(response.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("no-secrets", error.GetProperty("policy").GetString());
        Assert.Equal("entity `Photo::\"beach\"` does not exist", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_policy_syntax_error_names_the_file_line_and_column()
    {
        var policies = Write("bad.cedar", "permit(principal, action, resource);\npermit(principal, action, resource) when { 1 + };\n");

        var result = await RunAsync("cedar", "authorize", "--policies", policies, "--request", Write("r.json", AliceViewsBeach));

        AssertUsageError(result, policies + ":2:");
    }

    [Fact]
    public async Task An_entities_error_names_the_file_the_entity_and_the_attribute()
    {
        var entities = Write("e.json", """[{"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 1.5}, "parents": []}]""");

        var result = await RunAsync(
            "cedar", "authorize", "--policies", Write("p.cedar", Photos), "--entities", entities, "--request", Write("r.json", AliceViewsBeach));

        AssertUsageError(result, entities + ": entity User::\"alice\": attrs.age: 1.5 is not a 64-bit integer");
    }

    [Fact]
    public async Task Invalid_json_names_the_file_line_and_column()
    {
        var request = Write("r.json", "{\n  \"principal\": \"User::\\\"alice\\\"\",\n  \"action\" \"Action::\\\"view\\\"\"\n}");

        var result = await RunAsync("cedar", "authorize", "--policies", Write("p.cedar", Photos), "--request", request);

        AssertUsageError(result, request + ": line 3, column 12: invalid JSON");
    }

    [Fact]
    public async Task A_batch_error_names_the_request_index()
    {
        var requests = Write("requests.json", "[" + AliceViewsBeach + ", {\"principal\": 7, \"action\": \"Action::\\\"view\\\"\", \"resource\": \"Photo::\\\"a\\\"\"}]");

        var result = await RunAsync("cedar", "authorize", "--policies", Write("p.cedar", Photos), "--requests", requests);

        AssertUsageError(result, requests + ": requests[1].principal: expected an entity uid");
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        var missing = _directory.File("nowhere.cedar");

        var result = await RunAsync("cedar", "authorize", "--policies", missing, "--request", Write("r.json", AliceViewsBeach));

        AssertUsageError(result, missing + ": no such file");
    }

    [Fact]
    public async Task Both_request_and_requests_is_a_usage_error()
    {
        var result = await RunAsync(
            "cedar", "authorize", "--policies", Write("p.cedar", Photos),
            "--request", Write("r.json", AliceViewsBeach), "--requests", Write("rs.json", "[" + AliceViewsBeach + "]"));

        AssertUsageError(result, "give exactly one of --request FILE and --requests FILE");
    }

    [Fact]
    public async Task Neither_request_nor_requests_is_a_usage_error()
    {
        var result = await RunAsync("cedar", "authorize", "--policies", Write("p.cedar", Photos));

        AssertUsageError(result, "give exactly one of --request FILE and --requests FILE");
    }

    [Fact]
    public async Task Policies_are_required()
    {
        var result = await RunAsync("cedar", "authorize", "--request", Write("r.json", AliceViewsBeach));

        AssertUsageError(result, "--policies");
    }

    private static string AliceViewsBeach => Request("User::\"alice\"", "Action::\"view\"", "Photo::\"beach\"");

    private static string Request(string principal, string action, string resource, string context = "{}") =>
        "{\"principal\": " + JsonString(principal) + ", \"action\": " + JsonString(action) +
        ", \"resource\": " + JsonString(resource) + ", \"context\": " + context + "}";

    private static string JsonString(string s) => "\"" + JsonEncodedText.Encode(s).ToString() + "\"";

    private static string Decision(JsonElement response) => response.GetProperty("decision").GetString()!;

    private static string[] Ids(JsonElement response, string name) =>
        [.. response.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetProperty("policy").GetString()!)];

    private static void AssertUsageError(CommandResult result, string expected)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("tyr: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = _directory.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<CommandResult> AuthorizeAsync(string policies, string entities, string request) =>
        await RunAsync(
            "cedar", "authorize", "--policies", Write("p.cedar", policies), "--entities", Write("e.json", entities),
            "--request", Write("r.json", request));

    private static Task<CommandResult> RunAsync(params string[] arguments) => ChildProcess.RunAsync(s_tyrBinary.Value, arguments);
}
