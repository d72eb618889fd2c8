using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.Maps;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// Everything <see cref="KernelLoader"/> set up, owned in one place and released in reverse:
/// links (detach), then the mappings, then the objects (programs and maps).
/// </summary>
internal sealed class KernelPrograms : IDisposable
{
    private readonly List<BpfObject> _objects = [];
    private readonly List<SafeBpfLinkHandle> _links = [];
    private readonly List<IDisposable> _mappings = [];
    private bool _disposed;

    /// <summary>The shared maps, by name, as the process object created them.</summary>
    public Dictionary<string, BpfMap> Maps { get; } = new(StringComparer.Ordinal);

    public ControlBlock Control { get; private set; } = null!;

    public RingBuffer Ring { get; private set; } = null!;

    public KernelCounters Counters { get; private set; } = null!;

    public GovernedTable Governed { get; private set; } = null!;

    public List<HookCapability> Capabilities { get; } = [];

    /// <summary>The TLS family's uprobe programs, loaded but attached per binary, by C function name.</summary>
    public Dictionary<string, BpfProgram> Uprobes { get; } = new(StringComparer.Ordinal);

    /// <summary>One line: what each event kind has here, and why BPF-LSM is not in use if it is not.</summary>
    public string Summary { get; set; } = "";

    public void Add(BpfObject obj) => _objects.Add(obj);

    public void Add(SafeBpfLinkHandle link) => _links.Add(link);

    public void SetControl(ControlBlock control)
    {
        _mappings.Add(control);
        Control = control;
    }

    public void SetRing(RingBuffer ring)
    {
        _mappings.Add(ring);
        Ring = ring;
    }

    public void SetCounters(KernelCounters counters) => Counters = counters;

    public void SetGoverned(GovernedTable governed) => Governed = governed;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = _links.Count - 1; i >= 0; i--)
        {
            _links[i].Dispose();
        }

        for (var i = _mappings.Count - 1; i >= 0; i--)
        {
            _mappings[i].Dispose();
        }

        for (var i = _objects.Count - 1; i >= 0; i--)
        {
            _objects[i].Dispose();
        }
    }
}
