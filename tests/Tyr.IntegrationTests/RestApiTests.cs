using System.Net;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests;

/// <summary>The REST API as an operator meets it: tokens, authentication, filters.</summary>
public sealed class RestApiTests() : ServerTest("rest")
{
    [Fact]
    public async Task An_enrollment_token_created_through_rest_enrolls_a_daemon_once()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());

        using var response = await api.PostAsync("/api/v1/enrollment-tokens", """{"ttl": "10m"}""");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        var created = JsonDocument.Parse(body).RootElement;
        var token = created.GetProperty("token").GetString()!;
        Assert.Equal(Server.CaFingerprint, created.GetProperty("ca_fingerprint").GetString());
        var expiresIn = created.GetProperty("expires_at").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));

        var first = await DaemonProcess.Enroll(Server, Directory.Sub("one"), Directory.File("ca1.pem"), token, "one", Server.CaFingerprint);
        var second = await DaemonProcess.Enroll(Server, Directory.Sub("two"), Directory.File("ca2.pem"), token, "two", Server.CaFingerprint);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.NotEqual(0, second.ExitCode);
    }

    [Fact]
    public async Task Everything_but_the_ca_needs_a_valid_operator_token()
    {
        using var anonymous = new TyrApi(Server, adminToken: null);
        using var impostor = new TyrApi(Server, "tyr_admin_not-a-real-token");

        foreach (var api in new[] { anonymous, impostor })
        {
            using var agents = await api.GetAsync("/api/v1/agents");
            using var events = await api.GetAsync("/api/v1/events");
            using var tokens = await api.PostAsync("/api/v1/enrollment-tokens");
            Assert.Equal(HttpStatusCode.Unauthorized, agents.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, tokens.StatusCode);
        }

        using var ca = await anonymous.GetAsync("/api/v1/ca.pem");
        Assert.Equal(HttpStatusCode.OK, ca.StatusCode);
        Assert.Equal(await File.ReadAllTextAsync(Server.CaPath), await ca.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Events_can_be_filtered_by_agent_kind_and_verdict()
    {
        using var api = new TyrApi(Server, await Server.CreateAdminTokenAsync());
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory);
        await daemon.StartAsync();
        await using (var feed = await EventFeed.ConnectAsync(daemon.EventSocket))
        {
            await feed.SendAsync([
                EventFeed.Line("EXEC", "/usr/bin/rm", "DENY"),
                EventFeed.Line("EXEC", "/usr/bin/ls", "ALLOW"),
                EventFeed.Line("FILE_WRITE", "/etc/passwd", "DENY"),
                EventFeed.Line("NET_CONNECT", "10.0.0.1:443", "ALERT"),
            ]);
        }

        await Eventually.TrueAsync(async () => (await api.AllEventsAsync(daemon.AgentId)).Count == 4, Eventually.DefaultTimeout, () => "the 4 events did not arrive:\n" + daemon.Output);

        async Task<string[]> Resources(string query) =>
            [.. (await api.GetJsonAsync("/api/v1/events?" + query)).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("resource").GetString()!)];

        Assert.Equal(["/usr/bin/rm"], await Resources($"agent_id={daemon.AgentId}&kind=EXEC&verdict=DENY"));
        Assert.Equal(["/usr/bin/rm", "/etc/passwd"], await Resources("verdict=deny"));
        Assert.Equal(["10.0.0.1:443"], await Resources("kind=NET_CONNECT"));
        Assert.Empty(await Resources($"agent_id={Guid.NewGuid()}"));

        using var bad = await api.GetAsync("/api/v1/events?kind=OPEN");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("kind", await bad.Content.ReadAsStringAsync());
    }
}
