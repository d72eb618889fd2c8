using Tyr.Cedar.Entities;

namespace Tyr.Cedar.Json;

/// <summary>Cedar's entities JSON format (STUB: being written).</summary>
public static class EntitiesJson
{
    /// <summary>Parses a JSON array of entities. Throws <see cref="CedarJsonException"/> on bad input.</summary>
    public static EntityStore Parse(string json) => throw new NotImplementedException();
}
