namespace Tyr.Server.Storage;

/// <summary>
/// One page of events. <see cref="Position"/> is the arrival sequence to continue after (the last
/// event returned, or the requested position when none was); <see cref="HasMore"/> says whether
/// more rows exist right now.
/// </summary>
internal sealed record EventPage(IReadOnlyList<StoredEvent> Events, long Position, bool HasMore);
