namespace Tyr.Cedar.Evaluation;

/// <summary>
/// An error while evaluating one policy (a type error, overflow, missing attribute or entity...).
/// The authorizer catches it, skips the policy and reports it; it never escapes authorization.
/// </summary>
public sealed class EvaluationException(string message) : Exception(message);
