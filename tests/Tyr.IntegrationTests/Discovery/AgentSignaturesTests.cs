using System.Text.Json;
using System.Text.RegularExpressions;
using Tyr.IntegrationTests.Harness;
using Tyr.Protocol;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>
/// /api/v1/agent-signatures on a real server: the catalogue operators give the daemons, validated,
/// stored, and sent over connected and later streams as ConfigUpdate.agent_signatures_yaml.
/// </summary>
public sealed partial class AgentSignaturesTests() : ServerTest("signatures")
{
    private const string Path = "/api/v1/agent-signatures";

    private string? _token;

    [Fact]
    public async Task TheBuiltInCatalogueIsInForceUntilAnOperatorSetsOneAndDaemonsAreNotSentAny()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "plain");
        using var api = await ApiAsync();

        var shown = await api.GetJsonAsync(Path);

        Assert.True(shown.GetProperty("built_in").GetBoolean());
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("version").ValueKind);
        Assert.Equal(JsonValueKind.Null, shown.GetProperty("author").ValueKind);
        Assert.Equal(Catalogues.BuiltIn(), shown.GetProperty("yaml").GetString());
        Assert.Equal(TypeLine().Count(Catalogues.BuiltIn()), shown.GetProperty("signatures").GetInt32());
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        var config = await probe.NextConfigAsync();
        Assert.True(config.HeartbeatIntervalS > 0);
        Assert.Equal(string.Empty, config.AgentSignaturesYaml);
    }

    [Fact]
    public async Task ACatalogueWithErrorsIsRefusedWithEveryLineAndColumnAndNothingIsStoredOrSent()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "watcher");
        using var api = await ApiAsync();
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        await probe.NextConfigAsync();

        var (status, body) = await PutAsync(Catalogues.WithTwoErrors, "text/yaml");

        Assert.True(status == 400, $"{status} {body}");
        var errors = body.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.True(errors.Count >= 2, body.ToString());
        Assert.All(errors, e => Assert.Matches(@"^agent-signatures:\d+:\d+: ", e));
        Assert.Contains(errors, e => e.StartsWith("agent-signatures:3:11: unknown agent type 'claude'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("agent-signatures:4:19: ", StringComparison.Ordinal) && e.Contains("must be absolute", StringComparison.Ordinal));
        Assert.Equal(errors[0], body.GetProperty("error").GetString());

        var (wrongType, wrongTypeBody) = await PutAsync(Catalogues.Valid, "application/json");
        Assert.Equal(415, wrongType);
        Assert.StartsWith("Content-Type: 'application/json", wrongTypeBody.GetProperty("error").GetString(), StringComparison.Ordinal);
        var (empty, emptyBody) = await PutAsync("\n", "application/yaml");
        Assert.Equal(400, empty);
        Assert.StartsWith("body: empty", emptyBody.GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.True((await api.GetJsonAsync(Path)).GetProperty("built_in").GetBoolean());
        // The stream's ack comes after anything the server sent before it: no catalogue among them.
        await probe.SendEventsAsync();
        Assert.False(probe.HasReceived(m => m.PayloadCase == ServerMessage.PayloadOneofCase.Config));
    }

    [Fact]
    public async Task AStoredCatalogueReachesConnectedDaemonsAtOnceAndLaterOnesWhenTheyConnect()
    {
        await using var early = await DaemonProcess.EnrollAsync(Server, Directory, "early");
        await using var late = await DaemonProcess.EnrollAsync(Server, Directory, "late");
        using var api = await ApiAsync();
        await using var connected = await ProbeDaemon.ConnectAsync(Server, early);
        await connected.NextConfigAsync();

        var (status, stored) = await PutAsync(Catalogues.Valid, "text/yaml; charset=utf-8");

        Assert.True(status == 200, $"{status} {stored}");
        Assert.Equal(1, stored.GetProperty("version").GetInt64());
        Assert.False(stored.GetProperty("built_in").GetBoolean());
        Assert.Equal(1, stored.GetProperty("signatures").GetInt32());
        Assert.Equal(1, stored.GetProperty("sent_to").GetInt32());
        Assert.Equal(Catalogues.Valid, (await connected.NextConfigAsync()).AgentSignaturesYaml);
        await using var later = await ProbeDaemon.ConnectAsync(Server, late);
        var onConnect = await later.NextConfigAsync();
        Assert.Equal(Catalogues.Valid, onConnect.AgentSignaturesYaml);
        Assert.True(onConnect.HeartbeatIntervalS > 0);
        var shown = await api.GetJsonAsync(Path);
        Assert.Equal(Catalogues.Valid, shown.GetProperty("yaml").GetString());
        Assert.False(shown.GetProperty("built_in").GetBoolean());
        Assert.StartsWith("token ", shown.GetProperty("author").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetSendsTheBuiltInCatalogueToConnectedAndReconnectingDaemons()
    {
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "reset");
        using var api = await ApiAsync();
        var (set, _) = await PutAsync(Catalogues.Valid, "text/plain");
        Assert.Equal(200, set);
        await using (var connected = await ProbeDaemon.ConnectAsync(Server, daemon))
        {
            Assert.Equal(Catalogues.Valid, (await connected.NextConfigAsync()).AgentSignaturesYaml);

            var (status, reset) = await api.SendJsonAsync(HttpMethod.Delete, Path);

            Assert.True(status == 200, $"{status} {reset}");
            Assert.Equal(2, reset.GetProperty("version").GetInt64());
            Assert.True(reset.GetProperty("built_in").GetBoolean());
            Assert.Equal(1, reset.GetProperty("sent_to").GetInt32());
            Assert.Equal(Catalogues.BuiltIn(), (await connected.NextConfigAsync()).AgentSignaturesYaml);
        }

        // A daemon that was away may still hold the operator's catalogue: it gets the built-in one too.
        await using var reconnected = await ProbeDaemon.ConnectAsync(Server, daemon);
        Assert.Equal(Catalogues.BuiltIn(), (await reconnected.NextConfigAsync()).AgentSignaturesYaml);
        var shown = await api.GetJsonAsync(Path);
        Assert.True(shown.GetProperty("built_in").GetBoolean());
        Assert.Equal(2, shown.GetProperty("version").GetInt64());
        Assert.Equal(Catalogues.BuiltIn(), shown.GetProperty("yaml").GetString());
    }

    private Task<(int Status, JsonElement Body)> PutAsync(string yaml, string contentType) =>
        YamlPut.SendAsync(Server, _token ?? throw new InvalidOperationException("no token yet"), Path, yaml, contentType);

    private async Task<TyrApi> ApiAsync()
    {
        _token = await Server.CreateAdminTokenAsync();
        return new TyrApi(Server, _token);
    }

    [GeneratedRegex(@"^  - type: ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
