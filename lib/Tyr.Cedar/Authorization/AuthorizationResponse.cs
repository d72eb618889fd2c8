namespace Tyr.Cedar.Authorization;

public enum Decision
{
    Deny,
    Allow,
}

/// <summary>A policy that was skipped because evaluating it failed.</summary>
public sealed record PolicyError(string PolicyId, string Message);

/// <summary>
/// The decision with the ids of the policies that determined it (the satisfied forbids for a deny
/// by forbid, the satisfied permits for an allow, none for a default deny) and the policies that
/// errored.
/// </summary>
public sealed record AuthorizationResponse(Decision Decision, IReadOnlyList<string> Reasons, IReadOnlyList<PolicyError> Errors);
