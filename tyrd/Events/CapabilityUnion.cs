using Tyr.Protocol;

namespace Tyr.Daemon.Events;

/// <summary>
/// Folds the sources' capabilities into one entry per event kind for the CapabilityReport: the
/// strongest support any source has for a kind, with all the programs that provide it.
/// </summary>
internal static class CapabilityUnion
{
    public static List<HookCapability> Merge(IEnumerable<IEventSource> sources)
    {
        var byKind = new SortedDictionary<EventKind, HookCapability>();
        foreach (var capability in sources.SelectMany(s => s.Capabilities))
        {
            if (!byKind.TryGetValue(capability.Kind, out var merged))
            {
                merged = new HookCapability { Kind = capability.Kind, Support = capability.Support };
                byKind.Add(capability.Kind, merged);
            }
            else if (capability.Support > merged.Support)
            {
                merged.Support = capability.Support;
            }

            foreach (var program in capability.Programs)
            {
                if (!merged.Programs.Contains(program))
                {
                    merged.Programs.Add(program);
                }
            }
        }

        return [.. byKind.Values];
    }
}
