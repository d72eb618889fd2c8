using System.Text.Json.Serialization;

namespace Tyr.Server.Storage;

/// <summary>Source-generated JSON for the JSON columns (no reflection under NativeAOT).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CapabilitiesDocument))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<RouteDocument>))]
[JsonSerializable(typeof(List<OverlayDocument>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
