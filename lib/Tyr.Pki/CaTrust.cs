using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tyr.Pki;

/// <summary>
/// Chain checks against Tyr's private CA only. The system trust store never takes part: a
/// certificate from any public CA is as foreign to us as a self-signed one.
/// </summary>
public sealed class CaTrust
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public CaTrust(X509Certificate2 caCertificate)
    {
        CaCertificate = caCertificate;
        Fingerprint = Fingerprints.Sha256(caCertificate);
    }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>SHA-256 of the CA certificate's DER, lower-case hex.</summary>
    public string Fingerprint { get; }

    public static CaTrust FromPemFile(string path) => new(Pem.LoadCertificate(path));

    /// <summary>True when <paramref name="leaf"/> chains to our CA and may authenticate a client.</summary>
    public bool IsValidClient(X509Certificate2 leaf, out string reason) => Validate(leaf, ClientAuthOid, out reason);

    /// <summary>True when <paramref name="leaf"/> chains to our CA and may authenticate a server.</summary>
    public bool IsValidServer(X509Certificate2 leaf, out string reason) => Validate(leaf, ServerAuthOid, out reason);

    private bool Validate(X509Certificate2 leaf, string ekuOid, out string reason)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(CaCertificate);
        // Revocation is Tyr's own (the agents table), not CRL/OCSP: there is no public endpoint.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ekuOid));

        if (!chain.Build(leaf))
        {
            var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0);
            reason = "certificate does not chain to the Tyr CA: " + string.Join("; ", statuses);
            return false;
        }

        // CustomRootTrust accepts any root in the custom store; pin the exact CA as the anchor.
        var root = chain.ChainElements[^1].Certificate;
        if (!root.RawDataMemory.Span.SequenceEqual(CaCertificate.RawDataMemory.Span))
        {
            reason = "certificate chains to a different root than the Tyr CA";
            return false;
        }

        reason = string.Empty;
        return true;
    }
}
