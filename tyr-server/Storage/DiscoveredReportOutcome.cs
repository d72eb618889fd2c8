namespace Tyr.Server.Storage;

/// <summary>
/// What storing one report did: <see cref="Stored"/> entries written, and the ids of instances
/// that a complete report no longer listed, now marked ended unwatched.
/// </summary>
internal sealed record DiscoveredReportOutcome(int Stored, IReadOnlyList<string> EndedUnwatched);
