using System.IO.Pipelines;
using System.Threading.Channels;
using Tyr.Agents;
using Tyr.Daemon.Agents;
using Tyr.Daemon.Events;
using Tyr.Daemon.Kernel.Decoding;
using Tyr.Daemon.Kernel.Loading;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Kernel.Pinning;
using Tyr.Daemon.Kernel.Policy;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Daemon.Kernel.Tls;
using Tyr.Protocol;
using Tyr.Tls.Http;

namespace Tyr.Daemon.Kernel;

/// <summary>
/// The BPF event source: programs loaded and attached by <see cref="Start"/>, events from the ring
/// buffer while <see cref="RunAsync"/> runs, policies put in force by <see cref="ApplyPolicy"/>.
/// Until the first policy the kernel is in deny-by-default.
/// </summary>
internal sealed class KernelEventSource : IEventSource, IReportsRingBufferDrops
{
    private const int PipePauseBytes = 4 * 1024 * 1024;
    private const int PipeResumeBytes = 1024 * 1024;

    private readonly KernelPrograms _kernel;
    private readonly PolicyTable _policy;
    private readonly CancellationTokenSource _disposing = new();
    private readonly UprobeAttacher _uprobes;
    private readonly Channel<string> _attachQueue = Channel.CreateBounded<string>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly HttpExchangeReaderOptions _tlsOptions;
    private Task _attaching = Task.CompletedTask;
    private RecordParser? _parser;
    private TlsConnections? _tls;
    private RecordDecoder? _decoder;
    private Task _run = Task.CompletedTask;
    private RingReader? _reader;
    private int _started;
    private int _disposed;

    private KernelEventSource(KernelPrograms kernel, AgentDiscovery agents, KernelOptions options)
    {
        _kernel = kernel;
        _policy = new PolicyTable(kernel.Maps, kernel.Control);
        if (kernel.Adopted)
        {
            _policy.Adopt();
            options.Log?.Invoke(_policy.Version is { } version
                ? $"kernel: the pinned policy v{version} ({_policy.EntryCount} entries) stays in force"
                : "kernel: the pinned maps were in deny-by-default, which stays in force");
        }

        Agents = agents;
        _uprobes = new UprobeAttacher(kernel.Uprobes, options.Log);
        _tlsOptions = new HttpExchangeReaderOptions { BodyCaptureLimitBytes = options.TlsBodyCaptureBytes };
        TlsCapture = kernel.Capabilities.Any(c => c.Kind == EventKind.Tls && c.Support != HookSupport.Absent);
        if (TlsCapture)
        {
            // Binaries that many agents use are hooked up front, so an agent's first request is seen.
            foreach (var path in UprobeAttacher.SystemLibraries.Concat(UprobeAttacher.KnownExecutables))
            {
                _uprobes.TryAttach(path);
            }
        }
    }

    /// <summary>This kernel can capture TLS (CapabilityReport.tls_capture): the TLS family loaded.</summary>
    public bool TlsCapture { get; }

    /// <summary>What the TLS uprobes are attached to, for the capability report.</summary>
    public IReadOnlyList<string> TlsTargets => _uprobes.Targets;

    /// <summary>The server asks for TLS events (or stops asking): the kernel starts or stops copying TLS data.</summary>
    public void SetTlsCapture(bool on)
    {
        if (TlsCapture)
        {
            _kernel.Control.SetTls(on);
        }
    }

    /// <summary>The AI agents running on the host, as the kernel's process records show them.</summary>
    public AgentDiscovery Agents { get; }

    public string Name => "kernel";

    public IReadOnlyList<HookCapability> Capabilities => [.. _kernel.Capabilities.Select(WithUprobes)];

    /// <summary>What loaded, in one line for the log (also logged by <see cref="Start"/>).</summary>
    public string Summary => _kernel.Summary;

    /// <summary>Records the decoder could not read (malformed, oversized, cut), and TLS connections it could no longer follow: DropCounters.source_dropped_events.</summary>
    public ulong DroppedEvents =>
        (_parser?.Malformed ?? 0) + _kernel.Ring.Oversized + (ulong)(_decoder?.TruncatedBytes > 0 ? 1 : 0) + (ulong)(_tls?.GaveUp ?? 0);

    /// <summary>Records the kernel could not reserve in the ring buffer: DropCounters.ring_buffer_dropped.</summary>
    public ulong RingBufferDropped => _kernel.Counters.Read(TyrCounter.RingbufDrops);

    /// <summary>The policy version in force, null in deny-by-default.</summary>
    public long? PolicyVersion => _policy.Version;

    /// <summary>Loads and attaches the programs; throws <see cref="KernelException"/> when the kernel cannot govern at all.</summary>
    public static KernelEventSource Start(KernelOptions options)
    {
        var kernel = KernelLoader.Load(options);
        options.Log?.Invoke(kernel.Summary);
        try
        {
            return new KernelEventSource(kernel, StartDiscovery(kernel, options), options);
        }
        catch
        {
            kernel.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Governs the catalogue's agent binaries found on this host from their exec on, turns on the
    /// kernel's report of every exec, and tags the agents already running (after the fork hook is
    /// attached: a child forked meanwhile inherits its parent's tag).
    /// </summary>
    private static AgentDiscovery StartDiscovery(KernelPrograms kernel, KernelOptions options)
    {
        var catalog = options.AgentCatalog ?? SignatureCatalog.LoadDefault();
        var clock = new BootClock();
        var agents = new AgentDiscovery(
            catalog, kernel.Governed, options.DiscoverAgents, clock.ToUnixNanoseconds, BootClock.NowBootNanoseconds,
            DiscoveredAgentId.ReadBootId(), options.Log);
        if (!options.DiscoverAgents)
        {
            kernel.Control.SetDiscover(false); // adopted maps may have it on
            DropStaleGoverned(kernel, options);
            return agents;
        }

        var roots = options.AgentSearchRoots ?? ExecutableResolver.SearchRoots(Tyr.Policy.Compilation.HomeDirectories.FromPasswd().Paths);
        var governed = 0;
        foreach (var binary in ExecutableResolver.Resolve(catalog, roots))
        {
            if (Tyr.Policy.AgentTypes.TryGetScope(binary.AgentType, out var scope) && kernel.Governed.GovernExecutable(binary.Path, scope))
            {
                governed++;
                options.Log?.Invoke($"agents: {binary.Path} is governed as {binary.AgentType} from its exec on ({binary.Signature})");
            }
        }

        kernel.Control.SetDiscover(true);
        DropStaleGoverned(kernel, options);
        var running = agents.ScanRunning();
        options.Log?.Invoke($"agents: discovery on ({catalog.Signatures.Count} signatures, {governed} agent binaries tagged by the kernel at exec, {running} agents already running)");
        return agents;
    }

    /// <summary>How long since the ring buffer's loop last went round; null before it runs.</summary>
    public TimeSpan? SinceLastLoopTurn => _reader?.SinceLastTurn;

    /// <summary>This tyrd carries on the maps an earlier one pinned (docs/kernel.md, "Pinned enforcement").</summary>
    public bool AdoptedPins => _kernel.Adopted;

    /// <summary>
    /// Detaches what earlier tyrds left pinned, now that this one's programs are attached (since
    /// <see cref="Start"/>) and its policy is in force: the swap with no moment unhooked. Returns
    /// what was removed.
    /// </summary>
    public PinRemoval RetirePreviousPins() =>
        _kernel.PinRoot is { } root && _kernel.Pins is { } mine ? root.RetireAllBut(mine) : default;

    private static void DropStaleGoverned(KernelPrograms kernel, KernelOptions options)
    {
        var dropped = kernel.Governed.DropStale();
        if (dropped > 0)
        {
            options.Log?.Invoke($"kernel: {dropped} governed executables or cgroups of the adopted maps are no longer configured and were removed");
        }
    }

    /// <summary>A kernel-side counter (tyr_counters), for diagnostics.</summary>
    public ulong ReadCounter(TyrCounter counter) => _kernel.Counters.Read(counter);

    /// <summary>
    /// Puts PolicyPush.bpf_entries in force, atomically. A blob that is not valid
    /// (InvalidDataException) or that the maps cannot hold (KernelException) changes nothing.
    /// </summary>
    public void ApplyPolicy(ReadOnlySpan<byte> bpfEntries, long policyVersion) => _policy.Apply(bpfEntries, policyVersion);

    /// <summary>PolicyPush.deny_by_default: no policy at all, every governed operation is denied.</summary>
    public void SetDenyByDefault() => _policy.SetDenyByDefault();

    public Task RunAsync(ChannelWriter<Event> sink, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("the kernel event source runs once");
        }

        _run = RunCoreAsync(sink, cancellationToken);
        return _run;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        _attachQueue.Writer.TryComplete();
        try
        {
            await _run.ConfigureAwait(false);
            await _attaching.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The runner has reported its own failure; here only the release matters.
        }

        _uprobes.Dispose();
        _kernel.Dispose();
        _disposing.Dispose();
    }

    /// <summary>
    /// Binaries that governed processes run are looked at off the decoder's thread: libbpf reads a
    /// binary's symbols to attach, which takes milliseconds for a large executable.
    /// </summary>
    private async Task AttachLoopAsync(CancellationToken cancellationToken)
    {
        var looked = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var image in _attachQueue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (looked.Count < 4096 && looked.Add(image))
                {
                    _uprobes.TryAttach(image);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private HookCapability WithUprobes(HookCapability capability)
    {
        if (capability.Kind != EventKind.Tls || capability.Support == HookSupport.Absent)
        {
            return capability;
        }

        var copy = capability.Clone();
        copy.Programs.AddRange(_uprobes.Targets.Select(t => "uprobe/SSL_write,SSL_read:" + t));
        return copy;
    }

    private async Task RunCoreAsync(ChannelWriter<Event> sink, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: PipePauseBytes, resumeWriterThreshold: PipeResumeBytes, useSynchronizationContext: false));
        var tls = _tls = TlsCapture ? new TlsConnections(_tlsOptions) : null;
        var helloHook = _kernel.Capabilities.FirstOrDefault(c => c.Kind == EventKind.Tls)?.Programs.FirstOrDefault(p => !p.StartsWith("uprobe", StringComparison.Ordinal)) ?? "";
        _parser = new RecordParser(
            new ProcessCache(), new BootClock(), Agents, tls, tls is null ? null : image => _attachQueue.Writer.TryWrite(image), helloHook);
        if (tls is not null)
        {
            _attaching = AttachLoopAsync(_disposing.Token);
        }

        _decoder = new RecordDecoder(_parser);
        using var reader = _reader = new RingReader(_kernel.Ring, pipe.Writer);
        reader.Start();
        try
        {
            await _decoder.RunAsync(pipe.Reader, sink, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            reader.Stop();
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
            await reader.Completion.ConfigureAwait(false);
        }
    }
}
