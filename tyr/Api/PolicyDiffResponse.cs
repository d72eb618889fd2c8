namespace Tyr.Cli.Api;

/// <summary>GET /policies/diff: unified diffs of the YAML and of the compiled Cedar.</summary>
internal sealed record PolicyDiffResponse(long From, long To, string? YamlDiff, string? CedarDiff);
