using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.Pki;
using Tyr.Server.Pki;

namespace Tyr.UnitTests.Server;

public sealed class CertificateIssuanceTests : IDisposable
{
    private readonly ManualTime _time = new();
    private readonly CertificateAuthority _ca;

    public CertificateIssuanceTests() => _ca = CertificateAuthority.CreateNew("testhost", _time);

    [Fact]
    public void Ca_is_a_self_signed_p256_ca_limited_to_signing_leaves()
    {
        var ca = _ca.Certificate;
        Assert.Equal("CN=Tyr CA (testhost)", ca.Subject);
        Assert.Equal(ca.Subject, ca.Issuer);
        using var key = ca.GetECDsaPublicKey();
        Assert.Equal(256, key!.KeySize);

        var constraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(constraints.CertificateAuthority);
        Assert.True(constraints.HasPathLengthConstraint);
        Assert.Equal(0, constraints.PathLengthConstraint);
        Assert.True(constraints.Critical);

        var usage = Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, usage.KeyUsages);
        Assert.Single(ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>());

        var lifetime = ca.NotAfter - ca.NotBefore;
        Assert.InRange(lifetime.TotalDays, 3650, 3653);
        Assert.Equal(Fingerprints.Sha256(ca), _ca.Fingerprint);
    }

    [Fact]
    public void Agent_certificate_carries_the_agent_uri_and_client_auth_and_chains_to_the_ca()
    {
        var agentId = Guid.NewGuid();
        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = _ca.IssueAgentCertificate(PublicKeyOf(agentKey), agentId);

        Assert.Equal(agentId, AgentIdentity.FromCertificate(cert));
        Assert.Contains($"CN={agentId:D}", cert.Subject, StringComparison.Ordinal);
        Assert.Contains("O=Tyr agent", cert.Subject, StringComparison.Ordinal);

        var eku = Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Equal(["1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var usage = Assert.Single(cert.Extensions.OfType<X509KeyUsageExtension>());
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, usage.KeyUsages);
        Assert.False(Assert.Single(cert.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);

        Assert.True(_ca.Trust.IsValidClient(cert, out var reason), reason);
        Assert.False(_ca.Trust.IsValidServer(cert, out _));
    }

    [Fact]
    public void Agent_certificate_lasts_two_years_from_five_minutes_ago_with_a_positive_16_byte_serial()
    {
        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = _ca.IssueAgentCertificate(PublicKeyOf(agentKey), Guid.NewGuid());
        var now = _time.GetUtcNow().UtcDateTime;

        Assert.Equal(now.AddMinutes(-5), cert.NotBefore.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(now.AddDays(730), cert.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
        var serial = cert.SerialNumberBytes.Span;
        Assert.Equal(16, serial.Length);
        Assert.Equal(0x40, serial[0] & 0xC0);
    }

    [Fact]
    public void Agent_certificate_from_another_ca_is_refused()
    {
        using var other = CertificateAuthority.CreateNew("elsewhere", _time);
        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var foreign = other.IssueAgentCertificate(PublicKeyOf(agentKey), Guid.NewGuid());

        Assert.False(_ca.Trust.IsValidClient(foreign, out var reason));
        Assert.NotEmpty(reason);
    }

    [Fact]
    public void Agent_certificate_accepts_an_rsa_key()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=x", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = _ca.IssueAgentCertificate(request.PublicKey, Guid.NewGuid());

        Assert.True(_ca.Trust.IsValidClient(cert, out var reason), reason);
    }

    [Fact]
    public void Server_certificate_names_dns_and_ip_sans_with_server_auth()
    {
        Assert.True(ServerNames.TryParse(["tyr.example.com", "localhost", "127.0.0.1", "::1", "10.0.0.7"], out var names, out var error), error);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = _ca.IssueServerCertificate(key, names);

        var san = Assert.Single(cert.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        Assert.Equal(["localhost", "tyr.example.com"], san.EnumerateDnsNames().Order(StringComparer.Ordinal));
        Assert.Equal(
            ["10.0.0.7", "127.0.0.1", "::1"],
            san.EnumerateIPAddresses().Select(a => a.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], Assert.Single(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>())
            .EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        Assert.True(_ca.Trust.IsValidServer(cert, out var reason), reason);
        Assert.True(cert.MatchesHostname("tyr.example.com"));
        Assert.True(names.SetEquals(ServerNames.FromCertificate(cert)));
    }

    [Fact]
    public void Ca_refuses_a_key_that_is_not_its_own()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var copy = X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData);

        var e = Assert.Throws<InvalidDataException>(() => new CertificateAuthority(copy, otherKey, _time));
        Assert.Contains("does not belong", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _ca.Dispose();

    private static PublicKey PublicKeyOf(ECDsa key) => new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).PublicKey;
}
