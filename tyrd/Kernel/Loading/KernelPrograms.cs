using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.Maps;
using Tyr.Daemon.Kernel.Pinning;
using Tyr.Daemon.Kernel.Ring;
using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>
/// Everything <see cref="KernelLoader"/> set up, owned in one place and released in reverse:
/// links, then the mappings, then the objects (programs and maps). Once <see cref="Pin"/> has
/// pinned them, releasing closes tyrd's handles only: the pins keep the programs attached and the
/// maps alive for the next tyrd (fail closed).
/// </summary>
internal sealed class KernelPrograms : IDisposable
{
    private readonly List<BpfObject> _objects = [];
    private readonly List<(string Name, SafeBpfLinkHandle Link)> _links = [];
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

    /// <summary>The maps came from an earlier tyrd's pins: the policy, governed processes and ring are its.</summary>
    public bool Adopted { get; set; }

    /// <summary>The pin directory, null when pinning is off.</summary>
    public PinDirectory? PinRoot { get; set; }

    /// <summary>Where this tyrd's pins are, once pinned; null when pinning is off.</summary>
    public PinnedInstance? Pins { get; private set; }

    public void Add(BpfObject obj) => _objects.Add(obj);

    /// <param name="name">"family-program", unique: the link's pin name.</param>
    public void Add(string name, SafeBpfLinkHandle link) => _links.Add((name, link));

    /// <summary>Pins every shared map and every link into <paramref name="instance"/>.</summary>
    public void Pin(PinnedInstance instance)
    {
        foreach (var (name, map) in Maps)
        {
            instance.PinMap(name, map.Fd);
        }

        foreach (var (name, link) in _links)
        {
            instance.PinLink(name, link);
        }

        Pins = instance;
    }

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
            var link = _links[i].Link;
            if (Pins is not null && !link.IsInvalid)
            {
                // Closes tyrd's fd but leaves the attachment, which its pin holds.
                var fd = Libbpf.bpf_link__fd(link);
                Libbpf.bpf_link__disconnect(link);
                Libc.close(fd);
            }

            link.Dispose();
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
