namespace Tyr.Server.Rest;

internal sealed record PingResponse(double RttMs);
