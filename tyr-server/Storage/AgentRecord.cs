namespace Tyr.Server.Storage;

/// <summary>A row of the agents table. Times are Unix milliseconds.</summary>
internal sealed record AgentRecord(
    Guid Id,
    string Name,
    string KernelVersion,
    string Arch,
    string CertificateFingerprint,
    long EnrolledAt,
    long? LastSeen,
    long? RevokedAt,
    string? CapabilitiesJson,
    DropCounts Drops)
{
    public bool IsRevoked => RevokedAt is not null;
}
