using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Transport;
using Tyr.Pki;

namespace Tyr.Daemon.Enrollment;

/// <summary>
/// Decides, during the enrollment handshake and before the token is sent, whether the server is
/// ours. Pinned: the CA with the given SHA-256 must be known (from the handshake, where a server may
/// send it after its leaf, or given beforehand as <see cref="Anchor"/>) and the server's certificate
/// must chain to it. Trust on first use: anything is accepted with a loud warning, and the
/// enrollment response is checked against what the handshake showed.
/// </summary>
internal sealed class EnrollmentTrust
{
    private int _warned;

    private EnrollmentTrust(string? fingerprint, X509Certificate2? anchor)
    {
        Fingerprint = fingerprint;
        Anchor = anchor;
    }

    /// <summary>The pinned CA fingerprint; null in trust-on-first-use mode.</summary>
    public string? Fingerprint { get; }

    /// <summary>A CA with the pinned fingerprint obtained before the handshake, if any.</summary>
    public X509Certificate2? Anchor { get; }

    /// <summary>The server's certificate from the last handshake.</summary>
    public X509Certificate2? ServerCertificate { get; private set; }

    /// <summary>The CA the server's certificate chains to, as found in the handshake (or the anchor).</summary>
    public X509Certificate2? PresentedCa { get; private set; }

    /// <summary>True when a pinned handshake failed only because the server did not send its CA.</summary>
    public bool CaMissingFromHandshake { get; private set; }

    /// <summary>Why the last handshake was refused, or null.</summary>
    public string? Refusal { get; private set; }

    public static EnrollmentTrust Pinned(string fingerprint, X509Certificate2? anchor = null) => new(fingerprint, anchor);

    public static EnrollmentTrust OnFirstUse() => new(null, null);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Refusal = null;
        CaMissingFromHandshake = false;
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Refuse("the server presented no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return Refuse("the server's certificate is not valid for the host name we connected to");
        }

        // Copies: SslStream disposes the certificate and chain it lends to this callback, and the
        // response check after Register still needs them.
        var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        ServerCertificate = leaf;
        var presented = Presented(chain, leaf);
        return Fingerprint is null ? AcceptOnFirstUse(leaf, presented) : CheckPinned(leaf, presented, Fingerprint);
    }

    /// <summary>Every certificate the handshake made visible besides the leaf.</summary>
    private static List<X509Certificate2> Presented(X509Chain? chain, X509Certificate2 leaf)
    {
        var certificates = new List<X509Certificate2>();
        if (chain is null)
        {
            return certificates;
        }

        // ExtraStore holds what the server sent after its leaf; the chain elements add whatever
        // chain building found. Either may be where the CA is.
        IEnumerable<X509Certificate2> all = [.. chain.ChainPolicy.ExtraStore, .. chain.ChainElements.Select(e => e.Certificate)];
        foreach (var candidate in all)
        {
            if (!candidate.RawDataMemory.Span.SequenceEqual(leaf.RawDataMemory.Span) &&
                !certificates.Exists(c => c.RawDataMemory.Span.SequenceEqual(candidate.RawDataMemory.Span)))
            {
                certificates.Add(X509CertificateLoader.LoadCertificate(candidate.RawDataMemory.Span));
            }
        }

        return certificates;
    }

    private bool CheckPinned(X509Certificate2 leaf, List<X509Certificate2> presented, string fingerprint)
    {
        var ca = Anchor ?? presented.Find(c => Fingerprints.Sha256(c) == fingerprint);
        if (ca is null)
        {
            CaMissingFromHandshake = true;
            return Refuse($"the server did not present a CA with fingerprint {fingerprint} in the TLS handshake");
        }

        var refusal = ServerCertificateCheck.Check(leaf, SslPolicyErrors.None, new CaTrust(ca));
        if (refusal is not null)
        {
            return Refuse($"{refusal} (pinned CA {fingerprint})");
        }

        PresentedCa = ca;
        return true;
    }

    private bool AcceptOnFirstUse(X509Certificate2 leaf, List<X509Certificate2> presented)
    {
        PresentedCa = presented.Find(c => new CaTrust(c).IsValidServer(leaf, out _));
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            Log.Warn("==================================================================");
            Log.Warn("TRUST ON FIRST USE: no --ca-fingerprint given, the server is not verified.");
            Log.Warn(PresentedCa is null
                ? "The server did not present its CA; the CA it returns will be checked against its certificate."
                : $"The server presented CA sha256:{Fingerprints.Sha256(PresentedCa)}");
            Log.Warn("Compare with the fingerprint of the server's /api/v1/ca.pem, or enroll with --ca-fingerprint.");
            Log.Warn("==================================================================");
        }

        return true;
    }

    private bool Refuse(string reason)
    {
        Refusal = reason;
        return false;
    }
}
