using Tyr.Daemon.Diagnostics;
using Tyr.Policy.Evaluation;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The userspace judges of the last two policies pushed. Two, because the kernel stamps each event
/// with the version of the generation that judged it, and events judged just before a swap are
/// still on their way through the ring and the decoder when the next policy arrives (or the kernel
/// refused the newer blob and still enforces the older one). Set by the stream's reader; read by
/// the batcher; swapped as one immutable pair.
/// </summary>
internal sealed class PolicyJudges
{
    private Pair _pair = new(null, null);

    /// <summary>The judge of the newest policy, null before the first push.</summary>
    public PolicyVersionJudge? Current => Volatile.Read(ref _pair).Current;

    /// <summary>
    /// Builds the judge of <paramref name="policy"/> and makes it current. A deny-by-default policy
    /// has none: the kernel denies everything and there is nothing to judge. Cedar that does not
    /// compile leaves a judge that says so on every event of that version, instead of no answer.
    /// </summary>
    public PolicyVersionJudge Add(PolicySnapshot policy)
    {
        var judge = Build(policy);
        var old = Volatile.Read(ref _pair);
        Volatile.Write(ref _pair, old.Current?.Version == policy.Version ? old with { Current = judge } : new Pair(judge, old.Current));
        return judge;
    }

    /// <summary>
    /// The judge of <paramref name="version"/>; when it is gone, the current one with
    /// <paramref name="isCurrentFallback"/> set (null before any push).
    /// </summary>
    public PolicyVersionJudge? Find(long version, out bool isCurrentFallback)
    {
        var pair = Volatile.Read(ref _pair);
        isCurrentFallback = false;
        if (pair.Current is { } current && current.Version == version)
        {
            return current;
        }

        if (pair.Previous is { } previous && previous.Version == version)
        {
            return previous;
        }

        isCurrentFallback = pair.Current is not null;
        return pair.Current;
    }

    private static PolicyVersionJudge Build(PolicySnapshot policy)
    {
        if (policy.DenyByDefault)
        {
            return new PolicyVersionJudge(policy.Version, null, null);
        }

        try
        {
            return new PolicyVersionJudge(policy.Version, PolicyJudge.Create(policy.CedarText), null);
        }
        catch (Exception e)
        {
            // The kernel rules still go in force: they do not depend on the Cedar text.
            var error = $"the Cedar text of policy v{policy.Version} cannot be evaluated: {e.Message}";
            Log.Error($"{error}; its userspace rules are not applied");
            return new PolicyVersionJudge(policy.Version, null, error);
        }
    }

    private sealed record Pair(PolicyVersionJudge? Current, PolicyVersionJudge? Previous);
}
