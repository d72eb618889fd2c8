using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Tyr.Pki;

namespace Tyr.Cli.Connection;

/// <summary>
/// The TLS check of every request: the server's certificate must chain to the CA file the operator
/// gave (and to no other root: the system trust store never counts) and carry the host name we
/// dialled. Remembers why it refused, because HttpClient reports only "the SSL connection could
/// not be established".
/// </summary>
internal sealed class ServerCertificateCheck(CaTrust trust)
{
    private string? _lastRefusal;

    /// <summary>Why the last handshake was refused, or null if it was not refused by us.</summary>
    public string? LastRefusal => Volatile.Read(ref _lastRefusal);

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        var refusal = Check(certificate, errors);
        Volatile.Write(ref _lastRefusal, refusal);
        return refusal is null;
    }

    private string? Check(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return "the server presented no certificate";
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            // SslStream checks the name independently of any trust store, so this flag is ours to honour.
            return "the server's certificate is not valid for the host name in the server address " +
                "(use a name the server certificate carries, see tyr-server run --san)";
        }

        // RemoteCertificateChainErrors is ignored on purpose: it was computed against the system
        // store, which knows nothing of Tyr's CA. CaTrust is the chain check that counts.
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return trust.IsValidServer(leaf, out var reason) ? null : "the server's " + reason;
    }
}
