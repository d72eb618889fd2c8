namespace Tyr.Server.Rest;

/// <summary>Unified diffs from version <see cref="From"/> to version <see cref="To"/> (empty strings when equal).</summary>
internal sealed record PolicyDiffResponse(long From, long To, string YamlDiff, string CedarDiff);
