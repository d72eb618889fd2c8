using Tyr.Daemon.Metrics;
using Tyr.Daemon.Transport;

namespace Tyr.Daemon.Config;

/// <summary>
/// The validated contents of <c>/etc/tyr/tyrd.yaml</c>. Every property has the default that
/// applies when the key (or the whole file) is absent; <see cref="DaemonConfigLoader"/> is the only
/// producer besides tests.
/// </summary>
internal sealed class DaemonConfig
{
    public const string DefaultPath = "/etc/tyr/tyrd.yaml";

    /// <summary>The file the values came from, or null when it did not exist.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Overrides the server recorded at enrollment.</summary>
    public ServerAddress? Server { get; init; }

    /// <summary>Overrides the CA file recorded at enrollment.</summary>
    public string? CaFile { get; init; }

    public int HeartbeatIntervalSeconds { get; init; } = 30;

    public int BatchMaxEvents { get; init; } = 100;

    public int BatchMaxDelayMilliseconds { get; init; } = 1000;

    public long SpoolMaxEvents { get; init; } = 1_000_000;

    public int ReconnectInitialBackoffMilliseconds { get; init; } = 500;

    public int ReconnectMaxBackoffSeconds { get; init; } = 30;

    /// <summary>What the kernel layer governs.</summary>
    public GovernedConfig Governed { get; init; } = GovernedConfig.Empty;

    /// <summary>
    /// <c>discovery.enabled</c>: the kernel reports every exec on the host and tyrd matches it
    /// against the agent signature catalogue (docs/agents.md). Off: only the configured and the
    /// catalogue's kernel-taggable binaries make agents.
    /// </summary>
    public bool DiscoverAgents { get; init; } = true;

    /// <summary>
    /// <c>tls.body_capture_bytes</c>: how much of each LLM request and response body a TLS event
    /// keeps, redacted; 0 (the default) keeps none, only method, path, model and sizes.
    /// </summary>
    public int TlsBodyCaptureBytes { get; init; }

    /// <summary><c>metrics.listen</c>: the local /metrics endpoint (loopback only), or off.</summary>
    public MetricsListen Metrics { get; init; } = MetricsListen.Default;

    public const string DefaultPinDirectory = "/sys/fs/bpf/tyr";

    /// <summary>
    /// <c>kernel.pin_dir</c>: where the kernel hooks are pinned so that they outlive tyrd (a stopped
    /// or crashed tyrd leaves enforcement in place) and the next tyrd adopts them; null
    /// (<c>off</c>): the hooks go with tyrd.
    /// </summary>
    public string? PinDirectory { get; init; } = DefaultPinDirectory;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(HeartbeatIntervalSeconds);

    public TimeSpan BatchMaxDelay => TimeSpan.FromMilliseconds(BatchMaxDelayMilliseconds);

    public TimeSpan ReconnectInitialBackoff => TimeSpan.FromMilliseconds(ReconnectInitialBackoffMilliseconds);

    public TimeSpan ReconnectMaxBackoff => TimeSpan.FromSeconds(ReconnectMaxBackoffSeconds);
}
