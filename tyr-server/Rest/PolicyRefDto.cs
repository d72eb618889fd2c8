namespace Tyr.Server.Rest;

internal sealed record PolicyRefDto(long Version, string Name);
