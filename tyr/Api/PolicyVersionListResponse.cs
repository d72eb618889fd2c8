namespace Tyr.Cli.Api;

internal sealed record PolicyVersionListResponse(IReadOnlyList<PolicyVersionDto> Versions);
