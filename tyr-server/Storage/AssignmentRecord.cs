namespace Tyr.Server.Storage;

/// <summary>A row of policy_assignments, with the name of the policy its version belongs to.</summary>
internal sealed record AssignmentRecord(AssignmentTarget Target, long Version, string Name, long AssignedAt, string AssignedBy);
