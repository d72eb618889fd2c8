using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Tyr.Server.Pki;

/// <summary>
/// Checks an agent's PKCS#10 request before anything else happens in Register: PEM, a valid
/// self-signature (proof the agent holds the private key), and a key strong enough to keep.
/// </summary>
internal static class CsrValidator
{
    private const int MaxPemBytes = 64 * 1024;

    public static bool TryValidate(ReadOnlySpan<byte> csrPem, [NotNullWhen(true)] out PublicKey? publicKey, [NotNullWhen(false)] out string? error)
    {
        publicKey = null;
        if (csrPem.IsEmpty)
        {
            error = "csr_pem is empty: send a PEM PKCS#10 certificate request";
            return false;
        }

        if (csrPem.Length > MaxPemBytes)
        {
            error = $"csr_pem is {csrPem.Length} bytes; a certificate request is at most {MaxPemBytes}";
            return false;
        }

        string pem;
        try
        {
            pem = new UTF8Encoding(false, true).GetString(csrPem);
        }
        catch (DecoderFallbackException)
        {
            error = "csr_pem is not text: send a PEM PKCS#10 certificate request";
            return false;
        }

        if (!pem.Contains("-----BEGIN CERTIFICATE REQUEST-----", StringComparison.Ordinal))
        {
            error = "csr_pem holds no PEM 'CERTIFICATE REQUEST' block";
            return false;
        }

        CertificateRequest request;
        try
        {
            // Default load options verify the request's signature with its own public key.
            request = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256);
        }
        catch (ArgumentException)
        {
            error = "csr_pem holds no PEM 'CERTIFICATE REQUEST' block";
            return false;
        }
        catch (CryptographicException e)
        {
            error = $"csr_pem is not a valid, correctly self-signed PKCS#10 request: {e.Message}";
            return false;
        }

        if (!IsAcceptableKey(request.PublicKey, out error))
        {
            return false;
        }

        publicKey = request.PublicKey;
        return true;
    }

    private static bool IsAcceptableKey(PublicKey key, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (key.Oid.Value)
        {
            case Oids.EcPublicKey:
                var curve = CurveOid(key);
                if (curve is Oids.NistP256 or Oids.NistP384)
                {
                    return true;
                }

                error = $"csr_pem: the ECDSA key uses curve {curve ?? "(unnamed)"}; use P-256 or P-384";
                return false;

            case Oids.Rsa:
                using (var rsa = key.GetRSAPublicKey())
                {
                    if (rsa is not null && rsa.KeySize >= 2048)
                    {
                        return true;
                    }

                    error = $"csr_pem: the RSA key has {rsa?.KeySize ?? 0} bits; at least 2048 are required";
                    return false;
                }

            default:
                error = $"csr_pem: unsupported key algorithm {key.Oid.FriendlyName ?? key.Oid.Value}; use ECDSA P-256/P-384 or RSA of 2048 bits or more";
                return false;
        }
    }

    // The named curve is the SubjectPublicKeyInfo's algorithm parameter, an OBJECT IDENTIFIER.
    private static string? CurveOid(PublicKey key)
    {
        try
        {
            if (key.EncodedParameters?.RawData is not { } parameters)
            {
                return null;
            }

            var reader = new AsnReader(parameters, AsnEncodingRules.DER);
            return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
