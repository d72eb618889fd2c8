using System.Text.Json.Serialization;

namespace Tyr.Daemon.Events.Testing;

// Unknown keys are errors: a test that misspells "resource" should fail loudly, not send an
// event without one.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(TestEventLine))]
internal sealed partial class TestEventJsonContext : JsonSerializerContext;
