using System.Text.Json;
using Tyr.IntegrationTests.Discovery;
using Tyr.IntegrationTests.Harness;

namespace Tyr.IntegrationTests.Cli;

/// <summary>`tyr agents signatures show | set FILE | reset` against a real server and a connected daemon stream.</summary>
public sealed class SignaturesCommandTests() : ServerTest("cli-signatures")
{
    [Fact]
    public async Task SetValidatesStoresAndSendsACatalogueShowPrintsItAndResetGoesBackToTheBuiltIn()
    {
        var tyr = new TyrCommand(Server, await Server.CreateAdminTokenAsync(), Directory);
        await using var daemon = await DaemonProcess.EnrollAsync(Server, Directory, "watched");
        await using var probe = await ProbeDaemon.ConnectAsync(Server, daemon);
        await probe.NextConfigAsync();

        var builtIn = await tyr.RunAsync("agents", "signatures", "show");
        Assert.True(builtIn.ExitCode == 0, builtIn.ToString());
        Assert.Equal(Catalogues.BuiltIn(), builtIn.Stdout);
        Assert.Contains("the built-in catalogue", builtIn.Stderr, StringComparison.Ordinal);

        var badFile = Path.Combine(Directory.Sub("files"), "bad.yaml");
        await File.WriteAllTextAsync(badFile, Catalogues.WithTwoErrors);
        var refused = await tyr.RunAsync("agents", "signatures", "set", badFile);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        var errors = refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(errors.Length >= 2, refused.Stderr);
        Assert.StartsWith($"tyr: error: {badFile}:3:11: unknown agent type 'claude'", errors[0], StringComparison.Ordinal);
        Assert.All(errors, e => Assert.StartsWith($"tyr: error: {badFile}:", e, StringComparison.Ordinal));

        var goodFile = Path.Combine(Directory.Sub("files"), "claude-only.yaml");
        await File.WriteAllTextAsync(goodFile, Catalogues.Valid);
        var set = await tyr.RunAsync("agents", "signatures", "set", goodFile);
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.StartsWith("agent signatures v1: an operator's catalogue, 1 signatures, set by token ", set.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("; sent to 1 connected daemon\n", set.Stdout, StringComparison.Ordinal);
        Assert.Equal(Catalogues.Valid, (await probe.NextConfigAsync()).AgentSignaturesYaml);

        var shown = await tyr.RunAsync("agents", "signatures", "show");
        Assert.Equal(Catalogues.Valid + "\n", shown.Stdout);
        var json = await tyr.RunAsync("agents", "signatures", "show", "-o", "json");
        using (var document = JsonDocument.Parse(json.Stdout))
        {
            Assert.Equal(1, document.RootElement.GetProperty("version").GetInt64());
            Assert.False(document.RootElement.GetProperty("built_in").GetBoolean());
        }

        var reset = await tyr.RunAsync("agents", "signatures", "reset");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.StartsWith("agent signatures v2: the built-in catalogue", reset.Stdout, StringComparison.Ordinal);
        Assert.Equal(Catalogues.BuiltIn(), (await probe.NextConfigAsync()).AgentSignaturesYaml);
        Assert.Equal(Catalogues.BuiltIn(), (await tyr.RunAsync("agents", "signatures", "show")).Stdout);

        var missing = await tyr.RunAsync("agents", "signatures", "set", Path.Combine(Directory.Sub("files"), "absent.yaml"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("absent.yaml: no such file", missing.Stderr, StringComparison.Ordinal);
    }
}
