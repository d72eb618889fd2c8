using Google.Protobuf;
using Grpc.Core;
using Tyr.Pki;
using Tyr.Protocol;
using Tyr.Server.Hosting;
using Tyr.Server.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Enrollment;

/// <summary>
/// AgentService.Register: turns an enrollment token and a CSR into an agent id and a client
/// certificate. Everything that can be checked without the token is checked first, so a malformed
/// request never burns a token.
/// </summary>
internal sealed class Registrar(CertificateAuthority ca, ServerDatabase database, TimeProvider time, ILogger<Registrar> logger)
{
    public const int MaxNameLength = 253;
    private const int MaxDetailLength = 256;

    public RegisterResponse Register(RegisterRequest request)
    {
        if (!CsrValidator.TryValidate(request.CsrPem.Span, out var publicKey, out var csrError))
        {
            throw InvalidArgument(csrError);
        }

        ValidateText("agent_name", request.AgentName, MaxNameLength, required: true);
        ValidateText("kernel_version", request.KernelVersion, MaxDetailLength, required: false);
        ValidateText("arch", request.Arch, MaxDetailLength, required: false);
        if (request.EnrollmentToken.Length == 0)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "enrollment_token is required"));
        }

        var agentId = Guid.NewGuid();
        using var certificate = ca.IssueAgentCertificate(publicKey, agentId);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var agent = new AgentRecord(agentId, request.AgentName, request.KernelVersion, request.Arch,
            Fingerprints.Sha256(certificate), now, null, null, null, default);

        // Token and agent row commit together: a token is never spent without an agent to show for it.
        var enrolled = database.Write((connection, transaction) =>
        {
            if (!EnrollmentTokenStore.TryConsume(connection, transaction, request.EnrollmentToken, agentId, now))
            {
                return false;
            }

            AgentStore.Insert(connection, transaction, agent);
            return true;
        });
        if (!enrolled)
        {
            logger.EnrollmentRefused(request.AgentName);
            throw new RpcException(new Status(StatusCode.Unauthenticated, "enrollment token is invalid, expired or already used"));
        }

        logger.AgentEnrolled(agentId, request.AgentName, request.Arch, request.KernelVersion);
        return new RegisterResponse
        {
            AgentId = agentId.ToString("D"),
            ClientCertPem = ByteString.CopyFromUtf8(Pem.ToPem(certificate)),
            CaCertPem = ByteString.CopyFromUtf8(ca.CertificatePem),
        };
    }

    private static void ValidateText(string field, string value, int maxLength, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            throw InvalidArgument($"{field} is required");
        }

        if (value.Length > maxLength)
        {
            throw InvalidArgument($"{field} is {value.Length} characters long; the maximum is {maxLength}");
        }

        if (value.Any(char.IsControl))
        {
            throw InvalidArgument($"{field} must not contain control characters");
        }
    }

    private static RpcException InvalidArgument(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
