using Tyr.Daemon.Config;
using Tyr.Daemon.Policy;

namespace Tyr.Daemon.Events;

/// <summary>
/// The event sources of a real deployment. The kernel layer (tyrd/Kernel) fills this in with its
/// BPF source; until then tyrd streams no events in production, only heartbeats. A source should
/// have loaded (and know its <see cref="IEventSource.Capabilities"/>) when this returns: the first
/// CapabilityReport is built right after, before any source runs.
/// </summary>
internal static class ProductionSources
{
    /// <param name="config">tyrd.yaml, including the governed executables and cgroups.</param>
    /// <param name="policy">What the server pushes; subscribe to <see cref="PolicyState.Changed"/> to apply it.</param>
    public static List<IEventSource> Create(DaemonConfig config, PolicyState policy)
    {
        _ = config;
        _ = policy;
        return [];
    }
}
