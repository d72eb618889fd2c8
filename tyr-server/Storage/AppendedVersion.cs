namespace Tyr.Server.Storage;

/// <summary>A version just stored, and the assignments that followed it from an older version of the same policy.</summary>
internal sealed record AppendedVersion(PolicyVersionRecord Version, IReadOnlyList<AssignmentTarget> MovedAssignments);
