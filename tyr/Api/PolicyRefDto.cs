namespace Tyr.Cli.Api;

internal sealed record PolicyRefDto(long Version, string? Name);
