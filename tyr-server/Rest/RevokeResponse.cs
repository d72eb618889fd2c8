namespace Tyr.Server.Rest;

/// <summary><see cref="StreamEnded"/> tells whether a live stream was cut on the spot.</summary>
internal sealed record RevokeResponse(string Id, bool Revoked, bool StreamEnded);
