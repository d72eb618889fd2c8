namespace Tyr.Server.Rest;

internal sealed record ErrorResponse(string Error);
