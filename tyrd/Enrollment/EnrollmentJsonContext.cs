using System.Text.Json.Serialization;

namespace Tyr.Daemon.Enrollment;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(EnrollmentRecord))]
internal sealed partial class EnrollmentJsonContext : JsonSerializerContext;
