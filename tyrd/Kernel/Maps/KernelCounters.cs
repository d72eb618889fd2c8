using Tyr.Daemon.Interop;
using Tyr.Daemon.Kernel.MapLayouts;

namespace Tyr.Daemon.Kernel.Maps;

/// <summary>Reads tyr_counters, a per-CPU array: a lookup returns one 8-byte slot per possible CPU.</summary>
internal sealed class KernelCounters(BpfMap map)
{
    private readonly int _cpus = Math.Max(1, Libbpf.libbpf_num_possible_cpus());

    public ulong Read(TyrCounter counter)
    {
        var key = (uint)counter;
        Span<ulong> values = _cpus <= 256 ? stackalloc ulong[_cpus] : new ulong[_cpus];
        if (!map.TryLookup(BpfMap.AsBytes(in key), System.Runtime.InteropServices.MemoryMarshal.AsBytes(values)))
        {
            return 0;
        }

        ulong sum = 0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }
}
