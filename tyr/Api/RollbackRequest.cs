namespace Tyr.Cli.Api;

internal sealed record RollbackRequest(string? Message);
