namespace Tyr.IntegrationTests.Harness;

/// <summary>A real tyrd: enrolled into its own state directory, run with the test event socket.</summary>
internal sealed class DaemonProcess : IAsyncDisposable
{
    private readonly List<string> _extraArguments;
    private ChildProcess? _process;

    private DaemonProcess(string stateDirectory, string configPath, string socketPath, List<string> extraArguments)
    {
        StateDirectory = stateDirectory;
        ConfigPath = configPath;
        EventSocket = socketPath;
        _extraArguments = extraArguments;
    }

    public string StateDirectory { get; }

    public string ConfigPath { get; }

    public string EventSocket { get; }

    public string CaPath => Path.Combine(StateDirectory, "ca.pem");

    public string SpoolPath => Path.Combine(StateDirectory, "spool.db");

    public string Output => _process?.Output ?? string.Empty;

    public string AgentId { get; private set; } = string.Empty;

    /// <summary>Enrolls a daemon with a fresh token; the test config keeps backoff short.</summary>
    public static async Task<DaemonProcess> EnrollAsync(ServerProcess server, TempDirectory directory, string name = "test-host", string? config = null)
    {
        var stateDirectory = directory.Sub("tyrd-" + name);
        var configPath = Path.Combine(stateDirectory, "tyrd.yaml");
        await File.WriteAllTextAsync(configPath, Metrics.TestMetricsListen.WithFreePort(config ?? DefaultConfig));
        var daemon = new DaemonProcess(stateDirectory, configPath, Path.Combine(stateDirectory, "events.sock"), []);

        var token = await server.CreateEnrollmentTokenAsync();
        var result = await Enroll(server, daemon.StateDirectory, daemon.CaPath, token, name, server.CaFingerprint);
        Assert.True(result.ExitCode == 0, "tyrd enroll failed: " + result);
        daemon.AgentId = result.Stdout.Trim().Split(' ')[^1];
        Assert.True(Guid.TryParse(daemon.AgentId, out _), "enroll did not print an agent id: " + result);
        return daemon;
    }

    public const string DefaultConfig = """
        # Short reconnect backoff: the tests stop and start servers.
        reconnect_initial_backoff_ms: 100
        reconnect_max_backoff_s: 1
        heartbeat_interval_s: 2
        """;

    public static Task<CommandResult> Enroll(ServerProcess server, string stateDirectory, string caPath, string token, string name, string? fingerprint)
    {
        List<string> arguments = ["enroll", "--server", server.DialAddress, "--token", token, "--state-dir", stateDirectory, "--name", name, "--ca-file", caPath];
        if (fingerprint is not null)
        {
            arguments.AddRange(["--ca-fingerprint", fingerprint]);
        }

        return ChildProcess.RunAsync(Binaries.Daemon, [.. arguments]);
    }

    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("tyrd is already running");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        string[] arguments = ["run", "--state-dir", StateDirectory, "--config", ConfigPath, "--test-event-socket", EventSocket, .. _extraArguments];
        _process = ChildProcess.Start("tyrd", Binaries.Daemon, arguments);
        await Eventually.TrueAsync(
            () => File.Exists(EventSocket) || _process.HasExited,
            TimeSpan.FromSeconds(30),
            () => "tyrd did not open its test event socket:\n" + Output);
        Assert.False(_process.HasExited, "tyrd exited at start:\n" + Output);
    }

    /// <summary>
    /// Starts tyrd as production runs it: the kernel's BPF programs as its event source (root only),
    /// governing what the config names. Returns once it logged that its hooks are loaded.
    /// </summary>
    public async Task StartWithKernelAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("tyrd is already running");
        }

        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await PinPrivatelyAsync();
        _process = ChildProcess.Start("tyrd", Binaries.Daemon, ["run", "--state-dir", StateDirectory, "--config", ConfigPath], environment);
        await Eventually.TrueAsync(
            () => _process.Output.Contains("stream up to", StringComparison.Ordinal) || _process.HasExited,
            TimeSpan.FromSeconds(60),
            () => "tyrd did not connect with its kernel hooks:\n" + Output);
        Assert.False(_process.HasExited, "tyrd exited at start:\n" + Output);
    }

    public Task WaitForOutputAsync(string text) => _process!.WaitForOutputAsync(text, Eventually.DefaultTimeout);

    public Task KillAsync() => _process?.KillAsync() ?? Task.CompletedTask;

    public Task StopAsync() => _process?.StopAsync(TimeSpan.FromSeconds(15)) ?? Task.CompletedTask;

    /// <summary>This tyrd's own kernel.pin_dir, so tests never adopt each other's hooks (null: none set yet).</summary>
    public string? PinDirectory { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (PinDirectory is not null)
        {
            // Pinned hooks outlive tyrd by design: a test must not leave them enforcing on the host.
            var result = await ChildProcess.RunAsync(Binaries.Daemon, ["uninstall-hooks", "--state-dir", StateDirectory, "--config", ConfigPath]);
            Assert.True(result.ExitCode == 0, "tyrd uninstall-hooks failed: " + result);
        }
    }

    private async Task PinPrivatelyAsync()
    {
        if (PinDirectory is not null)
        {
            return;
        }

        var config = File.Exists(ConfigPath) ? await File.ReadAllTextAsync(ConfigPath) : string.Empty;
        if (config.Contains("pin_dir", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the test config sets kernel.pin_dir; the harness sets its own");
        }

        PinDirectory = "/sys/fs/bpf/tyr-it-" + Guid.NewGuid().ToString("N")[..12];
        await File.AppendAllTextAsync(ConfigPath, $"\nkernel:\n  pin_dir: {PinDirectory}\n");
    }
}
