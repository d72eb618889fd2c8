using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// A throwaway certificate authority made for one test run, and the <c>localhost</c> server
/// certificate it signs. The CA goes to a PEM file that the agents are told to trust through their
/// environment; it is never installed in the system trust store, so nothing outside the test ever
/// trusts it.
/// </summary>
internal sealed class LocalTlsAuthority : IDisposable
{
    private LocalTlsAuthority(X509Certificate2 caCertificate, X509Certificate2 serverCertificate, string caPemPath)
    {
        CaCertificate = caCertificate;
        ServerCertificate = serverCertificate;
        CaPemPath = caPemPath;
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 ServerCertificate { get; }

    /// <summary>The CA as PEM: the file to hand to NODE_EXTRA_CA_CERTS / SSL_CERT_FILE.</summary>
    public string CaPemPath { get; }

    /// <summary>Creates the CA and a server certificate for DNS localhost, 127.0.0.1 and ::1.</summary>
    public static LocalTlsAuthority Create(string directory)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Tyr test CA (throwaway), O=Tyr tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        serverRequest.CertificateExtensions.Add(names.Build(critical: false));
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now.AddHours(-1), now.AddDays(1), serial);
        var server = signed.CopyWithPrivateKey(serverKey);

        var caPemPath = Path.Combine(directory, "tyr-test-ca.pem");
        File.WriteAllText(caPemPath, ca.ExportCertificatePem() + "\n");
        return new LocalTlsAuthority(X509CertificateLoader.LoadCertificate(ca.RawData), server, caPemPath);
    }

    public void Dispose()
    {
        CaCertificate.Dispose();
        ServerCertificate.Dispose();
    }
}
