using Tyr.Cedar.Ast;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Authorization;

/// <summary>
/// Authorization against one policy set, built once and reused for many requests (thread-safe).
/// Policies whose scope names one action (<c>action == A</c>) are indexed by it, so a request only
/// visits those for its own action plus the policies that any action might match. The answer is
/// exactly that of <see cref="Authorizer.Authorize"/>: reasons and errors stay in policy order.
/// Constant sets, records and extension values in conditions are built once, here, rather than
/// on every request (see <see cref="ConstantFolder"/>).
/// </summary>
public sealed class CedarAuthorizer
{
    private readonly Policy[] _policies;
    private readonly Condition[][] _conditions;
    private readonly int[] _anyAction;
    private readonly Dictionary<EntityUid, int[]> _byAction;

    public CedarAuthorizer(PolicySet policies)
    {
        ArgumentNullException.ThrowIfNull(policies);
        Policies = policies;
        _policies = [.. policies.Policies];
        _conditions = new Condition[_policies.Length][];
        var anyAction = new List<int>();
        var byAction = new Dictionary<EntityUid, List<int>>();
        for (var i = 0; i < _policies.Length; i++)
        {
            _conditions[i] = FoldConstants(_policies[i].Conditions);
            var action = _policies[i].Action;
            if (action.Kind == ScopeKind.Equal)
            {
                if (!byAction.TryGetValue(action.Entities[0], out var indices))
                {
                    byAction[action.Entities[0]] = indices = [];
                }

                indices.Add(i);
            }
            else
            {
                anyAction.Add(i);
            }
        }

        _anyAction = [.. anyAction];
        _byAction = new Dictionary<EntityUid, int[]>(byAction.Count);
        foreach (var (action, indices) in byAction)
        {
            _byAction[action] = [.. indices];
        }
    }

    public PolicySet Policies { get; }

    /// <summary>Judges <paramref name="request"/>; never throws for an evaluation error.</summary>
    public AuthorizationResponse Authorize(Request request, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(request);
        var evaluator = new Evaluator(request, entities);
        var judgement = default(PolicyJudgement);
        var general = _anyAction;
        var specific = _byAction.TryGetValue(request.Action, out var indices) ? indices : [];

        // Both index lists are ascending: merging them visits the candidates in policy order.
        int g = 0, s = 0;
        while (g < general.Length || s < specific.Length)
        {
            var next = s == specific.Length || (g < general.Length && general[g] < specific[s])
                ? general[g++]
                : specific[s++];
            judgement.Judge(_policies[next], _conditions[next], evaluator);
        }

        return judgement.ToResponse();
    }

    private static Condition[] FoldConstants(IReadOnlyList<Condition> conditions)
    {
        var folded = new Condition[conditions.Count];
        for (var i = 0; i < folded.Length; i++)
        {
            var body = ConstantFolder.Fold(conditions[i].Body);
            folded[i] = ReferenceEquals(body, conditions[i].Body) ? conditions[i] : conditions[i] with { Body = body };
        }

        return folded;
    }
}
