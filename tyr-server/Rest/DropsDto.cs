namespace Tyr.Server.Rest;

internal sealed record DropsDto(long SpoolDroppedEvents, long RingBufferDropped, long SourceDroppedEvents);
