using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.Pki;

namespace Tyr.Server.Pki;

/// <summary>
/// Tyr's private CA: an ECDSA P-256 key that signs the server certificate and every agent's client
/// certificate. Nothing it signs is trusted anywhere but by Tyr.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    /// <summary>Agents re-enroll to renew; two years keeps that rare without living forever.</summary>
    public static readonly TimeSpan AgentCertificateLifetime = TimeSpan.FromDays(730);

    public static readonly TimeSpan ServerCertificateLifetime = TimeSpan.FromDays(730);

    private static readonly TimeSpan s_caLifetime = TimeSpan.FromDays(3652);

    // Tolerates clocks a few minutes behind ours on freshly issued certificates.
    private static readonly TimeSpan s_backdate = TimeSpan.FromMinutes(5);

    private readonly ECDsa _key;
    private readonly TimeProvider _time;

    public CertificateAuthority(X509Certificate2 certificate, ECDsa key, TimeProvider time)
    {
        using var certificateKey = certificate.GetECDsaPublicKey();
        if (certificateKey is null ||
            !certificateKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
        {
            throw new InvalidDataException("the CA private key does not belong to the CA certificate");
        }

        Certificate = certificate;
        Trust = new CaTrust(certificate);
        _key = key;
        _time = time;
    }

    public X509Certificate2 Certificate { get; }

    public CaTrust Trust { get; }

    /// <summary>SHA-256 of the CA certificate, lower-case hex: what `tyrd enroll --ca-fingerprint` pins.</summary>
    public string Fingerprint => Trust.Fingerprint;

    public string CertificatePem => Pem.ToPem(Certificate);

    /// <summary>A new self-signed CA: CA:true with path length 0 (it signs leaves only).</summary>
    public static CertificateAuthority CreateNew(string hostName, TimeProvider time)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var subject = new X500DistinguishedNameBuilder();
            subject.AddCommonName($"Tyr CA ({hostName})");
            var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(
                new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            var now = time.GetUtcNow();
            using var withKey = request.CreateSelfSigned(now - s_backdate, now + s_caLifetime);
            // Keep only the public certificate; the key stays in its own object.
            var certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
            return new CertificateAuthority(certificate, key, time);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// An agent's client certificate for the public key of its (already verified) CSR. The CSR's own
    /// subject and extensions are ignored: identity is the URI SAN we put here.
    /// </summary>
    public X509Certificate2 IssueAgentCertificate(PublicKey agentKey, Guid agentId)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("Tyr agent");
        subject.AddCommonName(agentId.ToString("D"));
        var request = new CertificateRequest(subject.Build(), agentKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddUri(AgentIdentity.ToUri(agentId));
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ClientAuth)], false));
        return Issue(request, AgentCertificateLifetime);
    }

    public X509Certificate2 IssueServerCertificate(ECDsa serverKey, ServerNames names)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName("tyr-server");
        var request = new CertificateRequest(subject.Build(), serverKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.ToExtension());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Oids.ServerAuth)], false));
        return Issue(request, ServerCertificateLifetime);
    }

    public void WriteTo(string certificatePath, string keyPath)
    {
        // The key first: a crash in between leaves no certificate, so the next start creates a new pair.
        Pem.WritePrivateKey(keyPath, _key);
        Pem.WriteCertificate(certificatePath, Certificate);
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private X509Certificate2 Issue(CertificateRequest request, TimeSpan lifetime)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var now = _time.GetUtcNow();
        var notAfter = now + lifetime;
        // Nothing may outlive the CA that vouches for it.
        if (notAfter > Certificate.NotAfter.ToUniversalTime())
        {
            notAfter = Certificate.NotAfter.ToUniversalTime();
        }

        var generator = X509SignatureGenerator.CreateForECDsa(_key);
        return request.Create(Certificate.SubjectName, generator, now - s_backdate, notAfter, SerialNumbers.NewSerial());
    }
}
