using Tyr.Daemon.Config;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Policy;
using Tyr.Daemon.Runtime;

namespace Tyr.Daemon.Events;

/// <summary>
/// The event sources of a real deployment: the kernel's BPF programs. The source has loaded and
/// knows its <see cref="IEventSource.Capabilities"/> when this returns, because the first
/// CapabilityReport is built right after, before any source runs.
/// </summary>
internal static class ProductionSources
{
    /// <param name="config">tyrd.yaml, including the governed executables and cgroups.</param>
    /// <param name="policy">What the server pushes; each push is applied to the kernel's rule maps.</param>
    public static List<IEventSource> Create(DaemonConfig config, PolicyState policy)
    {
        KernelEventSource kernel;
        try
        {
            kernel = KernelEventSource.Start(new KernelOptions
            {
                GovernedExecutables = GovernedPaths(config.Governed.Executables, t => t.Executables, config.Governed),
                GovernedCgroups = GovernedPaths(config.Governed.Cgroups, t => t.Cgroups, config.Governed),
                DiscoverAgents = config.DiscoverAgents,
                TlsBodyCaptureBytes = config.TlsBodyCaptureBytes,
                PinDirectory = config.PinDirectory,
                Log = Log.Info,
            });
        }
        catch (KernelException e)
        {
            var detail = e.Detail is null ? string.Empty : "\n" + e.Detail;
            throw new StartupException($"cannot load the kernel hooks: {e.Message}{detail}", e);
        }

        // The kernel starts in deny-by-default, the fail-safe state, until the server says otherwise.
        policy.Changed += snapshot => ApplyToKernel(kernel, snapshot);
        return [kernel];
    }

    /// <summary>The base's paths with scope 0, then each agent type's with its scope.</summary>
    private static List<GovernedPath> GovernedPaths(
        IReadOnlyList<string> basePaths, Func<GovernedAgentType, IReadOnlyList<string>> typePaths, GovernedConfig governed) =>
        [
            .. basePaths.Select(path => new GovernedPath(path)),
            .. governed.AgentTypes.SelectMany(type => typePaths(type).Select(path => new GovernedPath(path, type.Scope))),
        ];

    private static void ApplyToKernel(KernelEventSource kernel, PolicySnapshot snapshot)
    {
        if (snapshot.DenyByDefault)
        {
            kernel.SetDenyByDefault();
            return;
        }

        // A refused blob (InvalidDataException) or full maps (KernelException) leave the rules in
        // force untouched; PolicyState logs the failure.
        kernel.ApplyPolicy(snapshot.BpfEntries.Span, snapshot.Version);
    }
}
