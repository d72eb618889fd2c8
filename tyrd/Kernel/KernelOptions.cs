namespace Tyr.Daemon.Kernel;

/// <summary>What the kernel layer needs to start. The daemon maps its config onto this.</summary>
internal sealed class KernelOptions
{
    public const int DefaultRingBufferSize = 8 * 1024 * 1024;

    /// <summary>
    /// Binaries whose processes are governed from their exec on (and their children, through fork).
    /// Symlinks are resolved at start; paths longer than 255 bytes cannot be matched.
    /// </summary>
    public IReadOnlyList<GovernedPath> GovernedExecutables { get; init; } = [];

    /// <summary>
    /// cgroup v2 directories (absolute, or relative to the cgroup2 mount) whose processes, and the
    /// processes of the cgroups below them (8 levels below the root at most), are governed.
    /// </summary>
    public IReadOnlyList<GovernedPath> GovernedCgroups { get; init; } = [];

    /// <summary>Match every exec on the host against <see cref="AgentCatalog"/> (agent discovery).</summary>
    public bool DiscoverAgents { get; init; }

    /// <summary>The agent signatures; the built-in catalogue when null.</summary>
    public Tyr.Agents.SignatureCatalog? AgentCatalog { get; init; }

    /// <summary>Where agent binaries are looked for at start (null: <see cref="Tyr.Agents.ExecutableResolver.SearchRoots"/> of the host's homes).</summary>
    public IReadOnlyList<string>? AgentSearchRoots { get; init; }

    /// <summary>Bytes of each TLS request and response body kept (redacted) in TLS events; 0 keeps none.</summary>
    public int TlsBodyCaptureBytes { get; init; }

    /// <summary>Bytes of the BPF ring buffer: a power of two, a multiple of the page size.</summary>
    public int RingBufferSize { get; init; } = DefaultRingBufferSize;

    /// <summary>
    /// The bpffs directory where the maps and links are pinned so that enforcement outlives tyrd,
    /// and where an earlier tyrd's are adopted from (docs/kernel.md); null: nothing is pinned and
    /// the hooks go with this tyrd.
    /// </summary>
    public string? PinDirectory { get; init; }

    /// <summary>Try BPF-LSM programs before the fallbacks (false: fallbacks only, for tests).</summary>
    public bool TryLsm { get; init; } = true;

    /// <summary>Where start-up and trouble are reported, one line each (the daemon's logger).</summary>
    public Action<string>? Log { get; init; }
}
