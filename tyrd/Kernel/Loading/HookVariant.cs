using Tyr.Protocol;

namespace Tyr.Daemon.Kernel.Loading;

/// <summary>One way of providing a hook family: the programs of the family's object that it loads.</summary>
/// <param name="Name">"lsm", "cgroup" or "tracepoint", for logs.</param>
/// <param name="Support">What it gives when it loads: ENFORCED or OBSERVED.</param>
/// <param name="Programs">C function names in the family's object.</param>
internal sealed record HookVariant(string Name, HookSupport Support, IReadOnlyList<string> Programs)
{
    public bool IsLsm => Name == "lsm";

    public bool NeedsTracefs => Name == "tracepoint";
}
