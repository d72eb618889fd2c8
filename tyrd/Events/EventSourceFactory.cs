using Tyr.Daemon.Config;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Events.Testing;
using Tyr.Daemon.Policy;

namespace Tyr.Daemon.Events;

/// <summary>
/// The one place that decides which sources run. The test source exists only behind the explicit
/// <c>--test-event-socket</c> flag, never from the config file, and then replaces the production
/// sources so a test never mixes real kernel events into its own.
/// </summary>
internal static class EventSourceFactory
{
    public static List<IEventSource> Create(DaemonConfig config, PolicyState policy, string? testEventSocket)
    {
        if (testEventSocket is not null)
        {
            Log.Warn($"test event source enabled: events from {testEventSocket} are not from the kernel");
            return [new TestSocketSource(testEventSocket, TimeProvider.System)];
        }

        return ProductionSources.Create(config, policy);
    }
}
