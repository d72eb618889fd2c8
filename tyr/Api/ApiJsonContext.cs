using System.Text.Json.Serialization;

namespace Tyr.Cli.Api;

/// <summary>
/// The REST payloads tyr reads and writes, source-generated for NativeAOT. Unknown fields in
/// answers are ignored on purpose: a newer server may add fields, and -o json shows them anyway.
/// Null request fields are left out, so an optional message is simply absent.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(DiscoveredAgentListResponse))]
[JsonSerializable(typeof(AgentSignaturesDto))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(EventDto))]
[JsonSerializable(typeof(PolicyVersionDto))]
[JsonSerializable(typeof(PolicyVersionListResponse))]
[JsonSerializable(typeof(PolicyDiffResponse))]
[JsonSerializable(typeof(AssignmentDto))]
[JsonSerializable(typeof(AssignmentListResponse))]
[JsonSerializable(typeof(UnassignResponse))]
[JsonSerializable(typeof(EffectivePolicyDto))]
[JsonSerializable(typeof(ApplyPolicyRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(AssignRequest))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
