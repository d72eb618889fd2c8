using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.Daemon.Enrollment;
using Tyr.Pki;

namespace Tyr.UnitTests.Daemon;

public sealed class EnrollmentTrustTests : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _otherCa;
    private readonly X509Certificate2 _leaf;

    public EnrollmentTrustTests()
    {
        _ca = CreateCa("Tyr CA");
        _otherCa = CreateCa("Someone else");
        _leaf = CreateServerCertificate(_ca);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _otherCa.Dispose();
        _leaf.Dispose();
    }

    [Fact]
    public void Pinned_accepts_a_server_whose_ca_in_the_handshake_has_the_fingerprint()
    {
        var trust = EnrollmentTrust.Pinned(Fingerprints.Sha256(_ca));
        using var chain = ChainAsSent(_ca);

        Assert.True(trust.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors), trust.Refusal);
        Assert.Equal(_ca.RawData, trust.PresentedCa!.RawData);
    }

    [Fact]
    public void Pinned_refuses_when_the_handshake_lacks_the_ca_and_says_so()
    {
        var trust = EnrollmentTrust.Pinned(Fingerprints.Sha256(_ca));
        using var chain = ChainAsSent();

        Assert.False(trust.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(trust.CaMissingFromHandshake);
        Assert.Contains(Fingerprints.Sha256(_ca), trust.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Pinned_with_an_anchor_needs_nothing_from_the_handshake()
    {
        var trust = EnrollmentTrust.Pinned(Fingerprints.Sha256(_ca), _ca);
        using var chain = ChainAsSent();

        Assert.True(trust.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors), trust.Refusal);
    }

    [Fact]
    public void Pinned_refuses_a_server_certificate_from_another_ca_even_if_the_pinned_ca_is_sent_along()
    {
        using var impostor = CreateServerCertificate(_otherCa);
        var trust = EnrollmentTrust.Pinned(Fingerprints.Sha256(_ca));
        using var chain = ChainAsSent(_ca, _otherCa);

        Assert.False(trust.Validate(this, impostor, chain, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(trust.CaMissingFromHandshake);
        Assert.Contains("does not chain", trust.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_mismatch_is_refused_in_every_mode()
    {
        using var chain = ChainAsSent(_ca);
        var pinned = EnrollmentTrust.Pinned(Fingerprints.Sha256(_ca));
        var onFirstUse = EnrollmentTrust.OnFirstUse();

        Assert.False(pinned.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateNameMismatch));
        Assert.False(onFirstUse.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateNameMismatch));
    }

    [Fact]
    public void Trust_on_first_use_accepts_and_remembers_what_it_saw()
    {
        var trust = EnrollmentTrust.OnFirstUse();
        using var chain = ChainAsSent(_otherCa, _ca);

        Assert.True(trust.Validate(this, _leaf, chain, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(_ca.RawData, trust.PresentedCa!.RawData);
        Assert.Equal(_leaf.RawData, trust.ServerCertificate!.RawData);
    }

    /// <summary>What SslStream hands the callback: the certificates the server sent after its leaf.</summary>
    private static X509Chain ChainAsSent(params X509Certificate2[] sent)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.AddRange(sent);
        return chain;
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 CreateServerCertificate(X509Certificate2 ca)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tyr-server", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        return request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);
    }
}
