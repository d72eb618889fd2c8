using System.Text.Json;

namespace Tyr.Cli.Api;

/// <summary>
/// A page of events. The events stay JSON elements as well, so <c>events tail -o json</c> prints
/// each exactly as the server sent it.
/// </summary>
internal sealed record EventListResponse(IReadOnlyList<JsonElement> Events, string NextCursor, bool HasMore);
