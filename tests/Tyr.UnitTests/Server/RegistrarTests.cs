using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Tyr.Pki;
using Tyr.Protocol;
using Tyr.Server.Enrollment;

namespace Tyr.UnitTests.Server;

public sealed class RegistrarTests : IDisposable
{
    private readonly ServerFixture _server = new();
    private readonly Registrar _registrar;
    private readonly ECDsa _agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public RegistrarTests() =>
        _registrar = new Registrar(_server.State.Ca, _server.State.Database, _server.Time, NullLogger<Registrar>.Instance);

    [Fact]
    public void Enrollment_returns_a_client_certificate_for_a_new_agent_row()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;

        var response = _registrar.Register(Request(token));

        var agentId = Guid.Parse(response.AgentId);
        using var cert = X509Certificate2.CreateFromPem(response.ClientCertPem.ToStringUtf8());
        Assert.Equal(agentId, AgentIdentity.FromCertificate(cert));
        Assert.Equal(_server.State.Ca.CertificatePem, response.CaCertPem.ToStringUtf8());
        Assert.True(_server.State.Ca.Trust.IsValidClient(cert, out var reason), reason);
        using var certKey = cert.GetECDsaPublicKey();
        Assert.Equal(_agentKey.ExportSubjectPublicKeyInfo(), certKey!.ExportSubjectPublicKeyInfo());

        var row = _server.Agents.Find(agentId)!;
        Assert.Equal(("host-1", "6.1.0-28-amd64", "x86_64", Fingerprints.Sha256(cert)), (row.Name, row.KernelVersion, row.Arch, row.CertificateFingerprint));
        Assert.False(row.IsRevoked);
    }

    [Fact]
    public void A_token_enrolls_once()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;
        _registrar.Register(Request(token));

        var e = Assert.Throws<RpcException>(() => _registrar.Register(Request(token)));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("enrollment token is invalid, expired or already used", e.Status.Detail);
        Assert.Single(_server.Agents.List());
    }

    [Fact]
    public void An_expired_token_is_refused()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromMinutes(1)).Token;
        _server.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(StatusCode.Unauthenticated, Assert.Throws<RpcException>(() => _registrar.Register(Request(token))).StatusCode);
    }

    [Fact]
    public void A_bad_csr_is_refused_first_and_does_not_spend_the_token()
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;
        var request = Request(token);
        request.CsrPem = ByteString.CopyFromUtf8("not a csr");

        var e = Assert.Throws<RpcException>(() => _registrar.Register(request));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("csr_pem", e.Status.Detail, StringComparison.Ordinal);
        _registrar.Register(Request(token)); // still usable
    }

    [Theory]
    [InlineData("", "agent_name is required")]
    [InlineData("   ", "agent_name is required")]
    [InlineData("a\nb", "agent_name must not contain control characters")]
    public void A_bad_name_is_refused_without_spending_the_token(string name, string expected)
    {
        var token = _server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token;
        var request = Request(token);
        request.AgentName = name;

        var e = Assert.Throws<RpcException>(() => _registrar.Register(request));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal(expected, e.Status.Detail);
        _registrar.Register(Request(token));
    }

    [Fact]
    public void Names_longer_than_253_characters_are_refused()
    {
        var request = Request(_server.EnrollmentTokens.Create(TimeSpan.FromHours(1)).Token);
        request.AgentName = new string('a', 254);

        Assert.Contains("maximum is 253", Assert.Throws<RpcException>(() => _registrar.Register(request)).Status.Detail, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _agentKey.Dispose();
        _server.Dispose();
    }

    private RegisterRequest Request(string token) => new()
    {
        AgentName = "host-1",
        EnrollmentToken = token,
        CsrPem = ByteString.CopyFrom(CsrValidatorTests.Csr(_agentKey)),
        KernelVersion = "6.1.0-28-amd64",
        Arch = "x86_64",
    };
}
