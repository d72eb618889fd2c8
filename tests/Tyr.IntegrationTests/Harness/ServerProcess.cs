using System.Text.RegularExpressions;

namespace Tyr.IntegrationTests.Harness;

/// <summary>A real tyr-server on loopback with its own data directory.</summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private ChildProcess _process;

    private ServerProcess(ChildProcess process, string dataDirectory, string grpc, string http, string fingerprint)
    {
        _process = process;
        DataDirectory = dataDirectory;
        GrpcEndpoint = grpc;
        HttpEndpoint = http;
        CaFingerprint = fingerprint;
    }

    public string DataDirectory { get; }

    /// <summary>ip:port of the gRPC (mTLS) listener.</summary>
    public string GrpcEndpoint { get; }

    /// <summary>ip:port of the REST (HTTPS) listener.</summary>
    public string HttpEndpoint { get; }

    public string CaFingerprint { get; }

    public string CaPath => Path.Combine(DataDirectory, "ca.pem");

    public string Output => _process.Output;

    public bool IsRunning => !_process.HasExited;

    /// <summary>The endpoint a daemon dials: "localhost:port", so the certificate's name check applies.</summary>
    public string DialAddress => "localhost:" + GrpcEndpoint.Split(':')[^1];

    public static async Task<ServerProcess> StartAsync(string dataDirectory, string grpc = "127.0.0.1:0", string http = "127.0.0.1:0", params string[] extra)
    {
        var process = await LaunchAsync(dataDirectory, grpc, http, extra);
        var (bound, fingerprint) = await ReadyAsync(process);
        return new ServerProcess(process, dataDirectory, bound.Grpc, bound.Http, fingerprint);
    }

    /// <summary>Starts the server again on the same ports and data directory (after a kill).</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("the server is still running");
        }

        await _process.DisposeAsync();
        _process = await LaunchAsync(DataDirectory, GrpcEndpoint, HttpEndpoint, []);
        await ReadyAsync(_process);
    }

    public Task KillAsync() => _process.KillAsync();

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(15));

    public async Task<string> CreateEnrollmentTokenAsync(string ttl = "1h")
    {
        var result = await ChildProcess.RunAsync(Binaries.Server, "token", "create", "--ttl", ttl, "--data", DataDirectory);
        Assert.True(result.ExitCode == 0, "token create failed: " + result);
        return result.Stdout.Trim();
    }

    public async Task<string> CreateAdminTokenAsync()
    {
        var result = await ChildProcess.RunAsync(Binaries.Server, "admin-token", "create", "--data", DataDirectory);
        Assert.True(result.ExitCode == 0, "admin-token create failed: " + result);
        return result.Stdout.Trim();
    }

    public async Task RevokeAsync(string agentId)
    {
        var result = await ChildProcess.RunAsync(Binaries.Server, "agent", "revoke", agentId, "--data", DataDirectory);
        Assert.True(result.ExitCode == 0, "agent revoke failed: " + result);
    }

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private static Task<ChildProcess> LaunchAsync(string dataDirectory, string grpc, string http, string[] extra)
    {
        string[] arguments = ["run", "--data", dataDirectory, "--grpc-listen", grpc, "--http-listen", http, .. extra];
        return Task.FromResult(ChildProcess.Start("tyr-server", Binaries.Server, arguments));
    }

    private static async Task<((string Grpc, string Http) Bound, string Fingerprint)> ReadyAsync(ChildProcess process)
    {
        var line = await process.WaitForLineAsync("tyr-server ready ", TimeSpan.FromSeconds(30));
        var match = ReadyLine().Match(line);
        Assert.True(match.Success, "unexpected ready line: " + line);
        return ((match.Groups["grpc"].Value, match.Groups["http"].Value), match.Groups["fp"].Value);
    }

    [GeneratedRegex(@"^tyr-server ready grpc=(?<grpc>\S+) http=(?<http>\S+) ca_fingerprint=(?<fp>[0-9a-f]{64})$")]
    private static partial Regex ReadyLine();
}
