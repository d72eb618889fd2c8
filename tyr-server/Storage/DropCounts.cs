namespace Tyr.Server.Storage;

/// <summary>An agent's DropCounters as last stored: each is the highest value the agent reported.</summary>
internal readonly record struct DropCounts(long SpoolDroppedEvents, long RingBufferDropped, long SourceDroppedEvents);
