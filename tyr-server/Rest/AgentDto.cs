using Tyr.Server.Storage;

namespace Tyr.Server.Rest;

internal sealed record AgentDto(
    string Id,
    string Name,
    string KernelVersion,
    string Arch,
    CapabilitiesDocument? Capabilities,
    bool Connected,
    string? LastSeen,
    string EnrolledAt,
    bool Revoked,
    DropsDto Drops);
