using System.Text.RegularExpressions;
using Tyr.PackagingTests.Harness;

namespace Tyr.PackagingTests;

/// <summary>
/// `tyr-server run --config FILE` (the packaged service reads /etc/tyr/tyr-server.yaml): the
/// file's settings apply, a flag on the command line wins, and a bad file is refused with
/// <c>file:line:column: key: what is wrong</c> before anything starts.
/// </summary>
public sealed partial class ServerConfigTests
{
    [Fact]
    public async Task TheSettingsInTheConfigFileAreTheOnesTheServerRunsWith()
    {
        using var directory = new TempDirectory("server-config");
        var data = Path.Combine(directory.Path, "data");
        var config = directory.File("tyr-server.yaml");
        await File.WriteAllTextAsync(config, $"""
            data_dir: {data}
            grpc_listen: 127.0.0.1:0
            http_listen: "[::1]:0"
            san: [tyr.example.test, 127.0.0.1]
            heartbeat_interval_s: 5
            """);

        await using var server = Command.Start(Repository.Binary("tyr-server"), ["run", "--config", config]);
        var ready = ReadyLine().Match(await server.WaitForLineAsync("tyr-server ready ", TimeSpan.FromSeconds(60)));

        Assert.True(ready.Success, server.Output);
        Assert.StartsWith("127.0.0.1:", ready.Groups["grpc"].Value, StringComparison.Ordinal);
        Assert.StartsWith("[::1]:", ready.Groups["http"].Value, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(data, "ca.pem")), "the CA is made in data_dir");
        var certificate = await Command.OutputOfAsync("openssl", "x509", "-in", Path.Combine(data, "server.pem"), "-noout", "-ext", "subjectAltName");
        Assert.Contains("DNS:tyr.example.test", certificate, StringComparison.Ordinal);
        Assert.DoesNotContain("DNS:localhost", certificate, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task AFlagOnTheCommandLineWinsOverTheConfigFile()
    {
        using var directory = new TempDirectory("server-config");
        var fromFlag = Path.Combine(directory.Path, "from-flag");
        var fromFile = Path.Combine(directory.Path, "from-file");
        var config = directory.File("tyr-server.yaml");
        await File.WriteAllTextAsync(config, $"""
            data_dir: {fromFile}
            grpc_listen: 127.0.0.1:0
            http_listen: 127.0.0.1:0
            """);

        await using var server = Command.Start(
            Repository.Binary("tyr-server"), ["run", "--config", config, "--data", fromFlag, "--http-listen", "[::1]:0"]);
        var ready = ReadyLine().Match(await server.WaitForLineAsync("tyr-server ready ", TimeSpan.FromSeconds(60)));

        Assert.StartsWith("127.0.0.1:", ready.Groups["grpc"].Value, StringComparison.Ordinal);
        Assert.StartsWith("[::1]:", ready.Groups["http"].Value, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(fromFlag, "ca.pem")), "--data wins over data_dir");
        Assert.False(Directory.Exists(fromFile), "data_dir from the file must not be used when --data is given");
        Assert.Equal(0, await server.StopAsync());
    }

    [Fact]
    public async Task ThePackagedConfigFileIsAllCommentsSoItMeansEveryDefault()
    {
        using var directory = new TempDirectory("server-config");
        var packaged = Repository.File("packaging/etc/tyr-server.yaml");

        // Only loopback ports and a private data directory on the command line; nothing else set.
        await using var server = Command.Start(
            Repository.Binary("tyr-server"),
            ["run", "--config", packaged, "--data", directory.Path, "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0"]);
        await server.WaitForLineAsync("tyr-server ready ", TimeSpan.FromSeconds(60));
        var certificate = await Command.OutputOfAsync("openssl", "x509", "-in", Path.Combine(directory.Path, "server.pem"), "-noout", "-ext", "subjectAltName");

        Assert.Contains("DNS:localhost", certificate, StringComparison.Ordinal);
        Assert.Contains("IP Address:127.0.0.1", certificate, StringComparison.Ordinal);
        Assert.Equal(0, await server.StopAsync());
        foreach (var line in File.ReadAllLines(packaged).Where(l => l.Length > 0))
        {
            Assert.StartsWith("#", line, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("grpc_listen: 127.0.0.1:0\ngrcp_listen: 1\n", "2:1: unknown key 'grcp_listen' (did you mean 'grpc_listen'?)")]
    [InlineData("http_listen: localhost\n", "1:14: http_listen: ")]
    [InlineData("san: [tyr.example.test, 'not a name']\n", "1:25: san: 'not a name' is neither an IP address nor a DNS name")]
    [InlineData("heartbeat_interval_s: 0\n", "1:23: heartbeat_interval_s: '0' is not a whole number of seconds from 1 to 3600")]
    [InlineData("data_dir: relative/dir\n", "1:11: data_dir: expected an absolute path, got 'relative/dir'")]
    [InlineData("data_dir: [/a]\n", "1:11: data_dir: expected an absolute path")]
    [InlineData("- data_dir\n", "1:1: the top level must be a mapping of keys to values")]
    [InlineData("san: [a\n", "2:1: ")]
    [InlineData("heartbeat_interval_s: 5\nheartbeat_interval_s: 6\n", "2:1: Duplicate key heartbeat_interval_s")]
    public async Task ABadConfigFileIsRefusedWithItsFileLineColumnAndKey(string yaml, string expected)
    {
        using var directory = new TempDirectory("server-config");
        var config = directory.File("bad.yaml");
        await File.WriteAllTextAsync(config, yaml);

        var result = await Command.RunAsync(Repository.Binary("tyr-server"), ["run", "--config", config, "--data", directory.File("data")]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"tyr-server: error: {config}:{expected}", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(directory.File("data")), "nothing may start on a bad config");
    }

    [Fact]
    public async Task AMissingConfigFileNamedOnTheCommandLineIsAnError()
    {
        using var directory = new TempDirectory("server-config");
        var missing = directory.File("missing.yaml");

        var result = await Command.RunAsync(Repository.Binary("tyr-server"), ["run", "--config", missing, "--data", directory.File("data")]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"tyr-server: error: {missing}: cannot read: ", result.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^tyr-server ready grpc=(?<grpc>\S+) http=(?<http>\S+) ca_fingerprint=(?<fp>[0-9a-f]{64})$")]
    private static partial Regex ReadyLine();
}
