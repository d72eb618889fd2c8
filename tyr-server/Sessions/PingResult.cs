namespace Tyr.Server.Sessions;

/// <summary>The outcome of one ping; <see cref="RoundTrip"/> is meaningful when answered.</summary>
internal readonly record struct PingResult(PingStatus Status, TimeSpan RoundTrip);
