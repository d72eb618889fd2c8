namespace Tyr.Server.Rest;

internal sealed record CreateEnrollmentTokenRequest(string? Ttl);
