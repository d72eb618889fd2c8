using System.Text.Json;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>`tyr agents list` against a real server with a real, connected tyrd.</summary>
public sealed class AgentsCommandTests() : ServerTest("cli-agents")
{
    [Fact]
    public async Task Agents_list_shows_each_enrolled_daemon_and_whether_it_is_connected()
    {
        var tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);

        var none = await tyr.RunAsync("agents", "list");
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Equal(string.Empty, none.Stdout);
        Assert.Contains("no agents enrolled yet", none.Stderr);

        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, name: "alice-laptop");
        await daemon.StartAsync();
        using var api = new TyrApi(Server, tyr.Token);
        await Eventually.TrueAsync(
            async () => (await api.AgentAsync(daemon.AgentId)).GetProperty("connected").GetBoolean(),
            Eventually.DefaultTimeout,
            () => "tyrd did not connect:\n" + daemon.Output);

        var table = await tyr.RunAsync("agents", "list");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(["ID", "NAME", "STATUS", "LAST", "SEEN", "KERNEL", "ARCH"], Words(lines[0]));
        var row = Words(lines[1]);
        Assert.Equal([daemon.AgentId, "alice-laptop", "connected"], row[..3]);
        Assert.Equal(6, row.Length);
        // Aligned: every column starts at the same offset in the header and in the row.
        Assert.Equal(lines[0].IndexOf("NAME", StringComparison.Ordinal), lines[1].IndexOf("alice-laptop", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("STATUS", StringComparison.Ordinal), lines[1].IndexOf("connected", StringComparison.Ordinal));

        var json = await tyr.RunAsync("agents", "list", "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        var agent = Assert.Single(document.RootElement.GetProperty("agents").EnumerateArray());
        Assert.Equal(daemon.AgentId, agent.GetProperty("id").GetString());
        Assert.True(agent.GetProperty("connected").GetBoolean());
        Assert.Contains("\n  \"agents\": [", json.Stdout);

        await Server.RevokeAsync(daemon.AgentId);
        var revoked = await tyr.RunAsync("agents", "list");
        Assert.Equal("revoked", Words(revoked.Stdout.Split('\n')[1])[2]);
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
