using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tyr.Pki;

namespace Tyr.Daemon.Transport;

/// <summary>
/// The TLS server check of the runtime stream: the server's certificate must chain to our CA (the
/// one enrollment stored) and carry the name we connect to. The system trust store never counts.
/// Remembers why it last refused, because the gRPC error that follows says only "Unavailable".
/// </summary>
internal sealed class ServerCertificateCheck(CaTrust trust)
{
    private string? _lastRefusal;

    public CaTrust Trust => trust;

    /// <summary>Why the last handshake was refused, once; null if it was not refused by us.</summary>
    public string? TakeLastRefusal() => Interlocked.Exchange(ref _lastRefusal, null);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = Check(certificate, errors, trust);
        Volatile.Write(ref _lastRefusal, refusal);
        return refusal is null;
    }

    /// <summary>Null when <paramref name="certificate"/> is acceptable, otherwise why not.</summary>
    public static string? Check(X509Certificate? certificate, SslPolicyErrors errors, CaTrust trust)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            // SslStream checks the name independently of any trust store, so this flag is ours to honour.
            return "the server's certificate is not valid for the host name we connected to";
        }

        // RemoteCertificateChainErrors is ignored on purpose: it was computed against the system
        // store, which knows nothing of our CA. CaTrust is the chain check that counts.
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return trust.IsValidServer(leaf, out var reason) ? null : "the server's " + reason;
    }
}
