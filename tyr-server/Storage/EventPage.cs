namespace Tyr.Server.Storage;

/// <summary>One page of events; <see cref="LastSequence"/> is set only when more rows exist now.</summary>
internal sealed record EventPage(IReadOnlyList<StoredEvent> Events, long? LastSequence);
