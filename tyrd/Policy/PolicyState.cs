using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;

namespace Tyr.Daemon.Policy;

/// <summary>
/// The policy in force on this host. The stream sets it on every PolicyPush; the kernel layer (and
/// anyone else) reads <see cref="Current"/> or subscribes to <see cref="Changed"/>. Until the first
/// push there is no policy at all (<see cref="Current"/> is null), which is not the same as the
/// server's deny-by-default. Each push's userspace judge is built here, before the subscribers (the
/// kernel) put the push in force, so no event of a version arrives before that version's judge.
/// </summary>
internal sealed class PolicyState
{
    private PolicySnapshot? _current;

    /// <summary>The Cedar judges of the last two pushes, for the userspace layer.</summary>
    public PolicyJudges Judges { get; } = new();

    /// <summary>Raised on the stream's reader task after <see cref="Current"/> changed; keep handlers quick.</summary>
    public event Action<PolicySnapshot>? Changed;

    public PolicySnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The version reported in heartbeats: 0 until a policy arrived.</summary>
    public long Version => Current?.Version ?? 0;

    /// <summary>Where each push is kept for the next start; null keeps none.</summary>
    public PolicyCache? Cache { get; set; }

    /// <summary>A push from the server: kept in <see cref="Cache"/>, then put in force.</summary>
    public void Apply(PolicyPush push)
    {
        Cache?.Save(push);
        Apply(PolicySnapshot.FromPush(push));
    }

    public void Apply(PolicySnapshot policy)
    {
        Judges.Add(policy);
        var previous = Interlocked.Exchange(ref _current, policy);
        if (previous is not null && policy.Version < previous.Version)
        {
            // The server owns the version; a step back means its database was restored or replaced.
            Log.Warn($"policy version went back from v{previous.Version} to v{policy.Version}; applying the server's policy");
        }

        Log.Info(PolicySummary.Describe(policy));
        var handlers = Changed;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<PolicySnapshot>>())
        {
            try
            {
                handler(policy);
            }
            catch (Exception e)
            {
                // One failing subscriber must not keep the policy from the others or kill the stream.
                Log.Error($"applying policy v{policy.Version} failed in a subscriber: {e.Message}");
            }
        }
    }
}
