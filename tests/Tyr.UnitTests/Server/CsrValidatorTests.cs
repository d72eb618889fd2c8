using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tyr.Server.Pki;

namespace Tyr.UnitTests.Server;

public sealed class CsrValidatorTests
{
    [Fact]
    public void P256_p384_and_rsa2048_requests_are_accepted()
    {
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa = RSA.Create(2048);

        Assert.True(CsrValidator.TryValidate(Csr(p256), out var key, out var error), error);
        Assert.Equal(p256.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        Assert.True(CsrValidator.TryValidate(Csr(p384), out _, out error), error);
        Assert.True(CsrValidator.TryValidate(CsrRsa(rsa), out _, out error), error);
    }

    [Fact]
    public void Weak_rsa_is_refused_with_its_size()
    {
        using var rsa = RSA.Create(1024);

        Assert.False(CsrValidator.TryValidate(CsrRsa(rsa), out _, out var error));
        Assert.Contains("1024 bits", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_curves_are_refused()
    {
        using var p521 = ECDsa.Create(ECCurve.NamedCurves.nistP521);

        Assert.False(CsrValidator.TryValidate(Csr(p521), out _, out var error));
        Assert.Contains("P-256 or P-384", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("hello", "no PEM")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", "not a valid")]
    public void Garbage_is_refused_saying_what_is_wrong(string pem, string expected)
    {
        Assert.False(CsrValidator.TryValidate(Encoding.ASCII.GetBytes(pem), out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_whose_signature_does_not_verify_is_refused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var der = new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        der[^1] ^= 0x01; // the last byte belongs to the signature
        var pem = PemEncoding.WriteString("CERTIFICATE REQUEST", der);

        Assert.False(CsrValidator.TryValidate(Encoding.ASCII.GetBytes(pem), out _, out var error));
        Assert.Contains("csr_pem", error, StringComparison.Ordinal);
    }

    internal static byte[] Csr(ECDsa key) =>
        Encoding.ASCII.GetBytes(new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256).CreateSigningRequestPem());

    private static byte[] CsrRsa(RSA key) =>
        Encoding.ASCII.GetBytes(new CertificateRequest("CN=agent", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSigningRequestPem());
}
