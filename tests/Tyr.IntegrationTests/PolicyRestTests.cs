using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests;

/// <summary>Policy versions and assignments through the REST API, as an operator's script uses them.</summary>
public sealed class PolicyRestTests() : ServerTest("policy-rest")
{
    private const string Laptop = """
        name: laptop
        description: developer laptops
        rules:
          - id: deny-etc-writes
            effect: deny
            operation: file_write
            paths: ["/etc/*"]
            severity: high
        """;

    private const string LaptopV2 = """
        name: laptop
        description: developer laptops
        rules:
          - id: deny-etc-writes
            effect: deny
            operation: file_write
            paths: ["/etc/*"]
            severity: critical
          - id: deny-metadata
            effect: deny
            operation: connect
            cidrs: ["169.254.169.254/32"]
        """;

    private static readonly string[] s_layers = ["kernel", "userspace"];

    public static TheoryData<string> Examples =>
        [.. System.IO.Directory.GetFiles(Path.Combine(Binaries.RepositoryRoot(), "examples", "policies"), "*.yaml").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Every_example_policy_applies_and_is_shown_with_its_yaml_cedar_and_routing(string example)
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        var yaml = await File.ReadAllTextAsync(Path.Combine(Binaries.RepositoryRoot(), "examples", "policies", example));

        var applied = await api.ApplyPolicyAsync(yaml, example, "from examples/");

        var version = applied.GetProperty("version").GetInt64();
        var shown = await api.GetJsonAsync($"/api/v1/policies/{version}");
        Assert.Equal(yaml, shown.GetProperty("yaml").GetString());
        Assert.Contains("@id(\"tyr/allow-unmatched\")", shown.GetProperty("cedar").GetString());
        var ruleCount = shown.GetProperty("rule_count").GetInt32();
        Assert.Equal(ruleCount, shown.GetProperty("routing").GetArrayLength());
        Assert.Equal(Path.GetFileNameWithoutExtension(example), shown.GetProperty("name").GetString());
        foreach (var route in shown.GetProperty("routing").EnumerateArray())
        {
            Assert.Equal("base", route.GetProperty("scope").GetString());
            Assert.Contains(route.GetProperty("layer").GetString(), s_layers);
            Assert.False(string.IsNullOrEmpty(route.GetProperty("reason").GetString()));
        }
    }

    [Fact]
    public async Task Versions_are_numbered_globally_listed_newest_first_and_record_hash_author_and_message()
    {
        using var api = new TyrApi(Server, await CreateLabelledTokenAsync("alice"));

        var first = await api.ApplyPolicyAsync(Laptop, "laptop.yaml", "initial");
        var other = await api.ApplyExampleAsync("empty.yaml");
        var second = await api.ApplyPolicyAsync(LaptopV2, "laptop.yaml", "tighten");

        Assert.Equal(1, first.GetProperty("version").GetInt64());
        Assert.Equal(2, other);
        Assert.Equal(3, second.GetProperty("version").GetInt64());
        Assert.Equal("alice", second.GetProperty("author").GetString());
        Assert.Equal("tighten", second.GetProperty("message").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(LaptopV2))),
            second.GetProperty("hash").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("rolled_back_from").ValueKind);

        var list = (await api.GetJsonAsync("/api/v1/policies")).GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([3L, 2L, 1L], list.Select(v => v.GetProperty("version").GetInt64()));
        Assert.All(list, v => Assert.False(v.TryGetProperty("yaml", out _), "a listing carries no YAML"));
        Assert.All(list, v => Assert.False(v.TryGetProperty("cedar", out _), "a listing carries no Cedar"));
        Assert.Equal(2, list[0].GetProperty("rule_count").GetInt32());
        Assert.Equal("developer laptops", list[0].GetProperty("description").GetString());
    }

    [Fact]
    public async Task Diff_shows_what_changed_between_two_versions_as_unified_diffs()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.ApplyPolicyAsync(Laptop, "laptop.yaml");
        await api.ApplyPolicyAsync(LaptopV2, "laptop.yaml");

        var diff = await api.GetJsonAsync("/api/v1/policies/diff?from=1&to=2");

        Assert.Equal(1, diff.GetProperty("from").GetInt64());
        Assert.Equal(2, diff.GetProperty("to").GetInt64());
        var yamlDiff = diff.GetProperty("yaml_diff").GetString()!;
        Assert.StartsWith("--- v1/laptop.yaml\n+++ v2/laptop.yaml\n@@ ", yamlDiff, StringComparison.Ordinal);
        Assert.Contains("\n-    severity: high\n", yamlDiff, StringComparison.Ordinal);
        Assert.Contains("\n+    severity: critical\n", yamlDiff, StringComparison.Ordinal);
        Assert.Contains("\n+  - id: deny-metadata\n", yamlDiff, StringComparison.Ordinal);
        Assert.Contains("\n+    cidrs: [\"169.254.169.254/32\"]", yamlDiff, StringComparison.Ordinal);
        var cedarDiff = diff.GetProperty("cedar_diff").GetString()!;
        Assert.Contains("\n+@id(\"base/deny-metadata\")\n", cedarDiff, StringComparison.Ordinal);

        var same = await api.GetJsonAsync("/api/v1/policies/diff?from=2&to=2");
        Assert.Equal("", same.GetProperty("yaml_diff").GetString());
        Assert.Equal("", same.GetProperty("cedar_diff").GetString());
    }

    [Fact]
    public async Task Rollback_makes_a_new_version_with_the_old_yaml_and_leaves_history_alone()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.ApplyPolicyAsync(Laptop, "laptop.yaml");
        await api.ApplyPolicyAsync(LaptopV2, "laptop.yaml");

        var (status, rolledBack) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies/1/rollback", new { message = "v2 broke builds" });

        Assert.Equal(201, status);
        Assert.Equal(3, rolledBack.GetProperty("version").GetInt64());
        Assert.Equal(1, rolledBack.GetProperty("rolled_back_from").GetInt64());
        Assert.Equal("v2 broke builds", rolledBack.GetProperty("message").GetString());
        Assert.Equal(Laptop, rolledBack.GetProperty("yaml").GetString());
        var v1 = await api.GetJsonAsync("/api/v1/policies/1");
        var v2 = await api.GetJsonAsync("/api/v1/policies/2");
        Assert.Equal(v1.GetProperty("hash").GetString(), rolledBack.GetProperty("hash").GetString());
        Assert.Equal(v1.GetProperty("cedar").GetString(), rolledBack.GetProperty("cedar").GetString());
        Assert.Equal(LaptopV2, v2.GetProperty("yaml").GetString());

        // Without a body the message says what happened.
        var (_, again) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies/2/rollback");
        Assert.Equal("rollback to v2", again.GetProperty("message").GetString());
        Assert.Equal(4, (await api.GetJsonAsync("/api/v1/policies")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task A_bad_policy_is_refused_with_every_error_and_nothing_is_stored()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        const string bad = """
            name: broken
            rules:
              - id: one
                effect: nope
                operation: file_read
                paths: ["/etc/*"]
              - id: two
                effect: deny
                operation: connect
                cidrs: ["10.0.0.0/33"]
                colour: red
            """;

        var (status, body) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies", new { yaml = bad, file = "broken.yaml" });

        Assert.Equal(400, status);
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, errors.Count);
        Assert.Equal(errors[0], body.GetProperty("error").GetString());
        Assert.StartsWith("broken.yaml:4:13: ", errors[0], StringComparison.Ordinal);
        Assert.Contains(errors, e => e.StartsWith("broken.yaml:10:", StringComparison.Ordinal) && e.Contains("10.0.0.0/33", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("broken.yaml:11:", StringComparison.Ordinal) && e.Contains("colour", StringComparison.Ordinal));
        Assert.Equal(0, (await api.GetJsonAsync("/api/v1/policies")).GetProperty("versions").GetArrayLength());

        // Not YAML at all, and a body without yaml.
        var (syntaxStatus, syntax) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies", new { yaml = "name: [unclosed", file = "x.yaml" });
        Assert.Equal(400, syntaxStatus);
        Assert.StartsWith("x.yaml:", syntax.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (missingStatus, missing) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies", new { file = "x.yaml" });
        Assert.Equal(400, missingStatus);
        Assert.StartsWith("yaml: required", missing.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (unknownStatus, unknown) = await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies", new { yaml = Laptop, mesage = "typo" });
        Assert.Equal(400, unknownStatus);
        Assert.StartsWith("body: ", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await api.GetJsonAsync("/api/v1/policies")).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Version_parameters_are_checked_and_missing_versions_are_404()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.ApplyPolicyAsync(Laptop, "laptop.yaml");

        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/abc", 400, "version: 'abc' is not a policy version number");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/0", 400, "version: '0' is not a policy version number");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/9", 404, "no policy version 9");
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/policies/9/rollback", 404, "no policy version 9");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/diff?from=1", 400, "to: required");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/diff?from=x&to=1", 400, "from: 'x' is not a policy version number");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/diff?from=1&to=7", 404, "no policy version 7");
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/policies/diff?from=1&to=1&color=1", 400, "color: unknown parameter");
    }

    [Fact]
    public async Task Assignments_bind_one_version_per_target_and_refuse_unknown_targets()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "assign");
        using var api = new TyrApi(Server, await CreateLabelledTokenAsync("bob"));
        await api.ApplyPolicyAsync(Laptop, "laptop.yaml");
        var overlay = await api.ApplyExampleAsync("cursor-overlay.yaml");

        var assigned = await api.AssignAsync(1, "daemon", daemon.AgentId.ToUpperInvariant());
        Assert.Equal(daemon.AgentId, assigned.GetProperty("target_id").GetString());
        Assert.Equal("laptop", assigned.GetProperty("name").GetString());
        Assert.Equal("bob", assigned.GetProperty("assigned_by").GetString());
        await api.AssignAsync(overlay, "agent_type", "cursor");
        // Assigning again replaces.
        await api.AssignAsync(overlay, "daemon", daemon.AgentId);

        var list = (await api.GetJsonAsync("/api/v1/assignments")).GetProperty("assignments").EnumerateArray()
            .Select(a => $"{a.GetProperty("target_type").GetString()} {a.GetProperty("target_id").GetString()} v{a.GetProperty("version").GetInt64()} {a.GetProperty("name").GetString()}")
            .ToList();
        Assert.Equal([$"agent_type cursor v{overlay} cursor-overlay", $"daemon {daemon.AgentId} v{overlay} cursor-overlay"], list);

        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 400, "target_id: unknown agent type 'vscode'; known types: cursor, claude-code, codex",
            new { version = 1, target_type = "agent_type", target_id = "vscode" });
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 400, "target_id: 'laptop-7' is not a UUID",
            new { version = 1, target_type = "daemon", target_id = "laptop-7" });
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 404, "no agent 0b6a2a52-4a35-4f7a-9d43-f6a1c7a0b0e1",
            new { version = 1, target_type = "daemon", target_id = "0b6a2a52-4a35-4f7a-9d43-f6a1c7a0b0e1" });
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 404, "no policy version 42",
            new { version = 42, target_type = "agent_type", target_id = "codex" });
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 400, "target_type: 'host' is not one of daemon, agent_type",
            new { version = 1, target_type = "host", target_id = "x" });
        await AssertErrorAsync(api, HttpMethod.Post, "/api/v1/assignments", 400, "version: required",
            new { target_type = "agent_type", target_id = "codex" });

        var (status, removed) = await api.SendJsonAsync(HttpMethod.Delete, "/api/v1/assignments/agent_type/cursor");
        Assert.Equal(200, status);
        Assert.Equal(overlay, removed.GetProperty("removed").GetProperty("version").GetInt64());
        await AssertErrorAsync(api, HttpMethod.Delete, "/api/v1/assignments/agent_type/cursor", 404, "no policy is assigned to agent_type cursor");
        await AssertErrorAsync(api, HttpMethod.Delete, "/api/v1/assignments/daemon/nope", 400, "target_id: 'nope' is not a UUID");
        Assert.Single((await api.GetJsonAsync("/api/v1/assignments")).GetProperty("assignments").EnumerateArray());
    }

    [Fact]
    public async Task Applying_a_policy_moves_the_assignments_of_that_policy_and_only_those()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "follow");
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await api.ApplyPolicyAsync(Laptop, "laptop.yaml");                // v1
        var overlay = await api.ApplyExampleAsync("cursor-overlay.yaml"); // v2
        await api.AssignAsync(1, "daemon", daemon.AgentId);
        await api.AssignAsync(overlay, "agent_type", "cursor");

        await api.ApplyPolicyAsync(LaptopV2, "laptop.yaml");              // v3 moves the daemon's
        Assert.Equal(["agent_type cursor v2", $"daemon {daemon.AgentId} v3"], await AssignmentsAsync(api));

        await api.SendJsonAsync(HttpMethod.Post, "/api/v1/policies/1/rollback"); // v4, laptop again
        Assert.Equal(["agent_type cursor v2", $"daemon {daemon.AgentId} v4"], await AssignmentsAsync(api));

        // An explicit assign binds an older version; the next apply of the policy moves it again.
        await api.AssignAsync(3, "daemon", daemon.AgentId);
        Assert.Equal(["agent_type cursor v2", $"daemon {daemon.AgentId} v3"], await AssignmentsAsync(api));
    }

    [Fact]
    public async Task Events_can_be_filtered_on_drift_and_carry_the_drift_fields()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());

        var page = await api.GetJsonAsync("/api/v1/events?drift=true");

        Assert.Equal(0, page.GetProperty("events").GetArrayLength());
        await AssertErrorAsync(api, HttpMethod.Get, "/api/v1/events?drift=maybe", 400, "drift: 'maybe' is not true or false");
    }

    private async Task<string> CreateLabelledTokenAsync(string label)
    {
        var result = await ChildProcess.RunAsync(Binaries.Server, "admin-token", "create", "--label", label, "--data", Server.DataDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout.Trim();
    }

    private static async Task<List<string>> AssignmentsAsync(TyrApi api) =>
        [.. (await api.GetJsonAsync("/api/v1/assignments")).GetProperty("assignments").EnumerateArray()
            .Select(a => $"{a.GetProperty("target_type").GetString()} {a.GetProperty("target_id").GetString()} v{a.GetProperty("version").GetInt64()}")];

    private static async Task AssertErrorAsync(TyrApi api, HttpMethod method, string path, int status, string messageStart, object? body = null)
    {
        var (actual, json) = await api.SendJsonAsync(method, path, body);
        Assert.True(actual == status, $"{method} {path}: expected {status}, got {actual} {json}");
        Assert.StartsWith(messageStart, json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
