using Tyr.Server.Storage;

namespace Tyr.Server.Policies;

/// <summary>
/// Which connected daemons an apply, rollback, assign or unassign can concern: the daemons named
/// by daemon assignments, or every daemon when an agent-type overlay changed (any host may run
/// that type).
/// </summary>
internal sealed record PolicyChange(bool EveryDaemon, IReadOnlySet<Guid> Daemons)
{
    public static PolicyChange None { get; } = new(false, new HashSet<Guid>());

    public bool IsEmpty => !EveryDaemon && Daemons.Count == 0;

    public static PolicyChange Of(IEnumerable<AssignmentTarget> targets)
    {
        var daemons = new HashSet<Guid>();
        foreach (var target in targets)
        {
            if (!target.IsDaemon)
            {
                return new PolicyChange(true, daemons);
            }

            if (Guid.TryParse(target.Id, out var id))
            {
                daemons.Add(id);
            }
        }

        return new PolicyChange(false, daemons);
    }

    public bool Concerns(Guid agentId) => EveryDaemon || Daemons.Contains(agentId);
}
