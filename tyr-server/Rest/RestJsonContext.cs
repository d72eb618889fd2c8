using System.Text.Json.Serialization;

namespace Tyr.Server.Rest;

/// <summary>
/// Every REST payload, source-generated for NativeAOT. Unknown request members are refused, so a
/// misspelt field is an error instead of a silently ignored setting.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(CreateEnrollmentTokenRequest))]
[JsonSerializable(typeof(EnrollmentTokenResponse))]
[JsonSerializable(typeof(PingResponse))]
[JsonSerializable(typeof(RevokeResponse))]
[JsonSerializable(typeof(ApplyPolicyRequest))]
[JsonSerializable(typeof(RollbackRequest))]
[JsonSerializable(typeof(PolicyVersionDto))]
[JsonSerializable(typeof(PolicyVersionListResponse))]
[JsonSerializable(typeof(PolicyErrorResponse))]
[JsonSerializable(typeof(PolicyDiffResponse))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(AssignmentDto))]
[JsonSerializable(typeof(AssignmentListResponse))]
[JsonSerializable(typeof(UnassignResponse))]
[JsonSerializable(typeof(EffectivePolicyDto))]
[JsonSerializable(typeof(DiscoveredAgentDto))]
[JsonSerializable(typeof(DiscoveredAgentListResponse))]
[JsonSerializable(typeof(AgentSignaturesDto))]
internal sealed partial class RestJsonContext : JsonSerializerContext;
