using Tyr.Cedar.Ast;
using Tyr.Cedar.Evaluation;

namespace Tyr.Cedar.Authorization;

/// <summary>
/// Collects, policy by policy in policy order, which policies are satisfied and which errored, and
/// turns that into Cedar's decision. Lists are allocated only when something goes into them.
/// </summary>
internal struct PolicyJudgement
{
    /// <summary>Marks an error that is the engine's fault rather than the policy's.</summary>
    public const string InternalErrorPrefix = "internal error: ";

    private List<string>? _forbids;
    private List<string>? _permits;
    private List<PolicyError>? _errors;

    /// <summary>Evaluates one policy; an error skips it and is recorded, never thrown.</summary>
    public void Judge(Policy policy, Evaluator evaluator) => Judge(policy, policy.Conditions, evaluator);

    /// <summary>As <see cref="Judge(Policy, Evaluator)"/>, with the policy's conditions prepared for reuse.</summary>
    public void Judge(Policy policy, IReadOnlyList<Condition> conditions, Evaluator evaluator)
    {
        bool satisfied;
        try
        {
            satisfied = evaluator.Satisfies(policy, conditions);
        }
        catch (EvaluationException e)
        {
            (_errors ??= []).Add(new PolicyError(policy.Id, e.Message));
            return;
        }
#pragma warning disable CA1031 // A bug in the engine must cost one policy, not the whole decision.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            (_errors ??= []).Add(new PolicyError(policy.Id, InternalErrorPrefix + e.Message));
            return;
        }

        if (satisfied)
        {
            (policy.Effect == Effect.Forbid ? _forbids ??= [] : _permits ??= []).Add(policy.Id);
        }
    }

    /// <summary>A satisfied forbid denies; else a satisfied permit allows; else the default is deny.</summary>
    public readonly AuthorizationResponse ToResponse()
    {
        IReadOnlyList<PolicyError> errors = _errors is not null ? _errors : Array.Empty<PolicyError>();
        if (_forbids is not null)
        {
            return new AuthorizationResponse(Decision.Deny, _forbids, errors);
        }

        return _permits is not null
            ? new AuthorizationResponse(Decision.Allow, _permits, errors)
            : new AuthorizationResponse(Decision.Deny, [], errors);
    }
}
