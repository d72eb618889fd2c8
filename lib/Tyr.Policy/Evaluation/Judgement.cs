namespace Tyr.Policy.Evaluation;

/// <summary>A verdict, numbered as tyr.v1.Verdict.</summary>
public enum JudgedVerdict
{
    Allow = 1,
    Deny = 2,
    Alert = 3,
}

/// <summary>
/// What a policy says about one operation. <see cref="RuleId"/> is "scope/rule" (<c>base/deny-etc-writes</c>,
/// <c>cursor/deny-ssh-reads</c>), <c>tyr/deny-by-default</c>, or null when no rule matched and the
/// operation is allowed. <see cref="Errors"/> lists rules whose condition failed to evaluate (they did not apply).
/// </summary>
public readonly record struct Judgement(JudgedVerdict Verdict, PolicySeverity Severity, string? RuleId, IReadOnlyList<string> Errors);
