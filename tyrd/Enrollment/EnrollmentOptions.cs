using Tyr.Daemon.Transport;

namespace Tyr.Daemon.Enrollment;

/// <summary>The validated arguments of <c>tyrd enroll</c>.</summary>
/// <param name="CaFingerprint">Normalised SHA-256 (64 lower-case hex digits), or null for trust on first use.</param>
internal sealed record EnrollmentOptions(
    ServerAddress Server,
    string Token,
    StateDirectory State,
    string Name,
    string? CaFingerprint,
    string CaFile)
{
    public const string DefaultCaFile = "/etc/tyr/ca.pem";
}
