using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Evaluation;

internal sealed partial class Evaluator
{
    /// <summary>
    /// Whether <paramref name="policy"/> applies to the request: its scope matches, every
    /// <c>when</c> body is true and every <c>unless</c> body is false. Evaluated like the official
    /// <c>principal &amp;&amp; action &amp;&amp; resource &amp;&amp; when &amp;&amp; !unless...</c>,
    /// so a condition after a failed one is never evaluated (and cannot error).
    /// Throws <see cref="EvaluationException"/> when a condition fails to evaluate or is not a bool.
    /// </summary>
    public bool Satisfies(Policy policy) => Satisfies(policy, policy.Conditions);

    /// <summary>
    /// As <see cref="Satisfies(Policy)"/>, with <paramref name="conditions"/> standing for the
    /// policy's own (the same conditions, prepared for repeated evaluation).
    /// </summary>
    public bool Satisfies(Policy policy, IReadOnlyList<Condition> conditions)
    {
        if (!Matches(policy.Principal, Request.Principal) || !Matches(policy.Action, Request.Action) ||
            !Matches(policy.Resource, Request.Resource))
        {
            return false;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var condition = conditions[i];
            var value = Evaluate(condition.Body);
            if (value.Kind != ValueKind.Bool)
            {
                throw EvaluationErrors.TypeError("bool", value);
            }

            if (value.AsBool != condition.IsWhen)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether one scope constraint holds for the request's principal, action or resource.</summary>
    public bool Matches(ScopeConstraint constraint, EntityUid uid)
    {
        switch (constraint.Kind)
        {
            case ScopeKind.Any:
                return true;
            case ScopeKind.Equal:
                return uid.Equals(constraint.Entities[0]);
            case ScopeKind.Is:
                return string.Equals(uid.Type, constraint.EntityType, StringComparison.Ordinal);
            case ScopeKind.IsIn:
                return string.Equals(uid.Type, constraint.EntityType, StringComparison.Ordinal) &&
                       Entities.IsInOrEqual(uid, constraint.Entities[0]);
            default:
                var ancestors = constraint.Entities;
                for (var i = 0; i < ancestors.Count; i++)
                {
                    if (Entities.IsInOrEqual(uid, ancestors[i]))
                    {
                        return true;
                    }
                }

                return false;
        }
    }
}
