using Tyr.Cedar.Authorization;

namespace Tyr.Cedar.Json;

/// <summary>Authorization requests as JSON (STUB: being written).</summary>
public static class RequestJson
{
    /// <summary>One request object. Throws <see cref="CedarJsonException"/> on bad input.</summary>
    public static Request Parse(string json) => throw new NotImplementedException();

    /// <summary>A JSON array of request objects.</summary>
    public static IReadOnlyList<Request> ParseMany(string json) => throw new NotImplementedException();
}
