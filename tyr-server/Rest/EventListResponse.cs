namespace Tyr.Server.Rest;

internal sealed record EventListResponse(IReadOnlyList<EventDto> Events, string NextCursor, bool HasMore);
