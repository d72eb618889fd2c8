using Tyr.Cedar.Ast;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Evaluation;

namespace Tyr.Cedar.Authorization;

/// <summary>
/// Cedar authorization: every policy is evaluated; a satisfied forbid denies, else a satisfied
/// permit allows, else the request is denied by default. A policy whose evaluation fails is skipped
/// and reported in <see cref="AuthorizationResponse.Errors"/>. For many requests against the same
/// policies, <see cref="CedarAuthorizer"/> avoids re-examining policies that cannot apply.
/// </summary>
public static class Authorizer
{
    /// <summary>Judges <paramref name="request"/>; never throws for an evaluation error.</summary>
    public static AuthorizationResponse Authorize(PolicySet policies, Request request, EntityStore entities)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var evaluator = new Evaluator(request, entities);
        var judgement = default(PolicyJudgement);
        var list = policies.Policies;
        for (var i = 0; i < list.Count; i++)
        {
            judgement.Judge(list[i], evaluator);
        }

        return judgement.ToResponse();
    }
}
