using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.EndToEnd;

/// <summary>
/// The whole path with real processes and the real kernel: an operator applies and assigns a
/// policy over REST, tyr-server compiles and pushes it, tyrd puts the entries in the kernel's maps,
/// and a governed process's connect is refused by the cgroup hook; a rollback lifts it. Root only
/// (BPF programs, cgroups); loopback only.
/// </summary>
[Collection(KernelDaemonCollection.Name)]
public sealed class PolicyEnforcementTests() : ServerTest("e2e-policy")
{
    private const string Target = "127.0.0.2";

    private static string Yaml(string rules) => $"name: e2e\ndescription: end to end\nrules:{rules}";

    private const string DenyTarget = $"""

          - id: deny-target
            effect: deny
            operation: connect
            cidrs: ["{Target}"]
            severity: high
        """;

    [Fact]
    public async Task Apply_assign_enforce_then_rollback_lifts_it()
    {
        using var listener = new TcpListener(IPAddress.Parse(Target), 0);
        listener.Start();
        _ = AcceptForeverAsync(listener);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var cgroup = GovernedCgroup.Create();
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "e2e-host", DaemonProcess.DefaultConfig + $"""

            governed:
              cgroups: [{cgroup.Directory}]
            """);
        await daemon.StartWithKernelAsync();

        // Nothing assigned: deny-by-default, everything governed is refused.
        await Eventually.TrueAsync(async () => !await cgroup.ConnectAsync(Target, port), Eventually.DefaultTimeout, () => "deny-by-default was not in force:\n" + daemon.Output);

        // An empty policy assigned to the daemon: nothing is denied.
        var v1 = await ApplyAsync(api, Yaml(" []"), "empty");
        await AssignAsync(api, v1, daemon.AgentId);
        await Eventually.TrueAsync(() => cgroup.ConnectAsync(Target, port), Eventually.DefaultTimeout, () => "the empty policy did not lift deny-by-default:\n" + daemon.Output);

        // A new version of the same policy follows the assignment and is enforced in the kernel.
        var v2 = await ApplyAsync(api, Yaml(DenyTarget), "deny the target");
        await Eventually.TrueAsync(async () => !await cgroup.ConnectAsync(Target, port), Eventually.DefaultTimeout, () => "v2 was not enforced:\n" + daemon.Output);
        var effective = await api.GetJsonAsync($"/api/v1/agents/{daemon.AgentId}/effective");
        Assert.Equal(v2, effective.GetProperty("base").GetProperty("version").GetInt64());
        var pushed = effective.GetProperty("push_version").GetInt64();

        // The refusal reaches the server as a DENY event judged by that push, with no drift.
        JsonElement deny = default;
        await Eventually.TrueAsync(
            async () =>
            {
                deny = (await api.AllEventsAsync(daemon.AgentId)).FirstOrDefault(e =>
                    e.GetProperty("verdict").GetString() == "DENY" && e.GetProperty("resource").GetString() == $"{Target}:{port}" &&
                    e.GetProperty("policy_version").GetInt64() == pushed);
                return deny.ValueKind == JsonValueKind.Object;
            },
            Eventually.DefaultTimeout,
            () => "no DENY event judged by v2's push");
        Assert.False(deny.GetProperty("drift").GetBoolean(), deny.ToString());
        Assert.Equal("base/deny-target", deny.GetProperty("metadata").GetProperty("rule").GetString());

        // Rolling back to v1 makes v3 with v1's YAML; the assignment follows and the connect works again.
        using var rollback = await api.PostAsync($"/api/v1/policies/{v1}/rollback", """{"message": "undo"}""");
        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        var v3 = JsonDocument.Parse(await rollback.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(v1, v3.GetProperty("rolled_back_from").GetInt64());
        await Eventually.TrueAsync(() => cgroup.ConnectAsync(Target, port), Eventually.DefaultTimeout, () => "the rollback did not lift the deny:\n" + daemon.Output);
    }

    internal static async Task<long> ApplyAsync(TyrApi api, string yaml, string message)
    {
        using var response = await api.PostAsync("/api/v1/policies", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["yaml"] = yaml,
            ["file"] = "e2e.yaml",
            ["message"] = message,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("version").GetInt64();
    }

    internal static async Task AssignAsync(TyrApi api, long version, string agentId)
    {
        using var response = await api.PostAsync("/api/v1/assignments", $$"""{"version": {{version}}, "target_type": "daemon", "target_id": "{{agentId}}"}""");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    internal static async Task AcceptForeverAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync();
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // The test is over.
        }
    }
}
