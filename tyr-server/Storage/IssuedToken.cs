namespace Tyr.Server.Storage;

/// <summary>A freshly created secret: the only moment its plain text exists on the server.</summary>
internal sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);
