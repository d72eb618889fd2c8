namespace Tyr.Server.Rest;

internal sealed record PolicyVersionListResponse(IReadOnlyList<PolicyVersionDto> Versions);
