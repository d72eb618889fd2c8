using Tyr.BpfEntries;
using Tyr.Daemon.Kernel.MapLayouts;
using Tyr.Daemon.Kernel.Maps;

namespace Tyr.Daemon.Kernel.Policy;

/// <summary>
/// The rule maps and the swap that replaces their contents atomically (docs/kernel.md, "Atomic
/// policy swap"). Every rule key carries a generation byte. A swap writes the new policy into the
/// generation not in force, publishes its version, flips tyr_control.state with one store (the
/// generation bit, and a count of changes), then deletes the old generation. A hook reads the state
/// once at entry and judges with that generation; if the state changed by the time it is done it
/// judges again. So every verdict comes from the complete old or the complete new rule set.
/// </summary>
internal sealed class PolicyTable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<BpfEntryMap, BpfMap> _maps;
    private readonly ControlBlock _control;
    private readonly List<(BpfMap Map, byte[] Key)>[] _written = [[], []];

    public PolicyTable(IReadOnlyDictionary<string, BpfMap> maps, ControlBlock control)
    {
        _maps = BpfEntryMapInfo.All.ToDictionary(info => info.Id, info => maps[info.MapName]);
        _control = control;
    }

    /// <summary>The version in force, or null in deny-by-default.</summary>
    public long? Version { get; private set; }

    /// <summary>Entries of the generation in force.</summary>
    public int EntryCount { get; private set; }

    public bool DenyByDefault => (_control.State & tyr_control.StatePolicy) == 0;

    /// <summary>
    /// Takes over the rules of adopted maps: the generation in force (per tyr_control) stays, and
    /// is what the next swap deletes; entries of the other generation, left by a tyrd killed in the
    /// middle of a swap, go now.
    /// </summary>
    public void Adopt()
    {
        lock (_lock)
        {
            var state = _control.State;
            var inForce = (state & tyr_control.StatePolicy) == 0 ? -1 : (int)(state & tyr_control.StateGeneration);
            foreach (var info in BpfEntryMapInfo.All)
            {
                var map = _maps[info.Id];
                foreach (var key in map.Keys())
                {
                    if (key[info.GenerationOffset] == inForce)
                    {
                        _written[inForce].Add((map, key));
                    }
                    else
                    {
                        map.Delete(key);
                    }
                }
            }

            if (inForce >= 0)
            {
                Version = _control.PolicyVersion(inForce);
                EntryCount = _written[inForce].Count;
            }
        }
    }

    /// <summary>
    /// Puts a whole bpf-entries blob in force. A blob that does not parse, or that the maps cannot
    /// hold, is refused as a whole (InvalidDataException, KernelException) and the rules in force stay.
    /// </summary>
    public void Apply(ReadOnlySpan<byte> bpfEntries, long version)
    {
        var entries = BpfEntriesReader.Read(bpfEntries);
        lock (_lock)
        {
            var state = _control.State;
            var target = (state & tyr_control.StatePolicy) == 0 ? 0 : (int)(~state & tyr_control.StateGeneration);
            Delete(target);
            try
            {
                foreach (var entry in entries)
                {
                    var map = _maps[entry.Map];
                    var key = entry.Key;
                    key[BpfEntryMapInfo.Of(entry.Map).GenerationOffset] = (byte)target;
                    var errno = map.TryUpdate(key, entry.Value);
                    if (errno != 0)
                    {
                        KernelThrowHelper.ThrowErrno($"write policy {version} into map {map.Name} ({_written[target].Count} of {entries.Count} entries written)", errno);
                    }

                    _written[target].Add((map, key));
                }
            }
            catch
            {
                Delete(target);
                throw;
            }

            _control.SetPolicyVersion(target, version);
            _control.SetState(tyr_control.NextState(state, tyr_control.StatePolicy | (uint)target));

            // Hooks still judging under the old state see it changed when they finish and judge
            // again (bpf/lib/policy.h, tyr_judge_stable): the old generation can go now.
            Delete(target ^ 1);
            Version = version;
            EntryCount = entries.Count;
        }
    }

    /// <summary>No policy at all: every governed operation is denied (or alerted where only observed).</summary>
    public void SetDenyByDefault()
    {
        lock (_lock)
        {
            _control.SetState(tyr_control.NextState(_control.State, tyr_control.StateDenyAll));
            Delete(0);
            Delete(1);
            Version = null;
            EntryCount = 0;
        }
    }

    private void Delete(int generation)
    {
        foreach (var (map, key) in _written[generation])
        {
            map.Delete(key);
        }

        _written[generation].Clear();
    }
}
