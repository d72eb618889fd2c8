using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.MapLayouts;

namespace Tyr.Daemon.Kernel.Maps;

/// <summary>
/// The tyr_control entry, mapped into tyrd (the map is BPF_F_MMAPABLE). A policy swap ends with one
/// aligned 4-byte store to <c>state</c> through this mapping: every hook reads the word once, at
/// entry, so it sees either the old or the new generation, never a mixture.
/// </summary>
internal sealed unsafe class ControlBlock : IDisposable
{
    private readonly nuint _length;
    private tyr_control* _control;

    private ControlBlock(tyr_control* control, nuint length)
    {
        _control = control;
        _length = length;
    }

    public static ControlBlock Map(BpfMap map)
    {
        var length = (nuint)Environment.SystemPageSize;
        var address = Libc.mmap(null, length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, map.Fd, 0);
        if ((nint)address == Libc.MAP_FAILED)
        {
            KernelThrowHelper.ThrowLastError("map tyr_control into memory");
        }

        return new ControlBlock((tyr_control*)address, length);
    }

    public uint State => Volatile.Read(ref _control->state);

    /// <summary>The one store that swaps policies (a release store: entries written before it are seen).</summary>
    public void SetState(uint state) => Volatile.Write(ref _control->state, state);

    public long PolicyVersion(int generation) => (long)Volatile.Read(ref _control->policy_version[generation & 1]);

    public void SetPolicyVersion(int generation, long version) =>
        Volatile.Write(ref _control->policy_version[generation & 1], (ulong)version);

    public void SetGoverned(int executables, int cgroups)
    {
        Volatile.Write(ref _control->gov_exes, (uint)executables);
        Volatile.Write(ref _control->gov_cgroups, (uint)cgroups);
    }

    /// <summary>Agent discovery: the kernel reports every exec on the host, not only governed ones.</summary>
    public void SetDiscover(bool on) => Volatile.Write(ref _control->discover, on ? 1u : 0u);

    /// <summary>TLS capture of governed processes: on when the server asks for TLS events.</summary>
    public void SetTls(bool on) => Volatile.Write(ref _control->tls, on ? 1u : 0u);

    public void Dispose()
    {
        if (_control is not null)
        {
            Libc.munmap(_control, _length);
            _control = null;
        }
    }
}
