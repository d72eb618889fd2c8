using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tyr.Pki;

public static class Fingerprints
{
    /// <summary>SHA-256 of the certificate's DER encoding, lower-case hex without separators.</summary>
    public static string Sha256(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));

    /// <summary>Accepts "AB:CD:..", "abcd..", with or without a "sha256:" prefix.</summary>
    public static string Normalize(string fingerprint)
    {
        var text = fingerprint.Trim();
        if (text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["sha256:".Length..];
        }

        return text.Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
    }
}
