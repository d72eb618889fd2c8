using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Tyr.Server.Pki;

namespace Tyr.Server.Hosting;

internal static class TlsOptions
{
    /// <summary>
    /// gRPC: a client certificate is optional at the TLS layer (Register has none) and, when sent,
    /// must chain to our CA. Kestrel's SslPolicyErrors are computed against the system store, which
    /// never contains our CA, so they are ignored in favour of our own check.
    /// </summary>
    public static HttpsConnectionAdapterOptions ForGrpc(X509Certificate2 serverCertificate, CertificateAuthority ca, ILogger logger)
    {
        var options = ForRest(serverCertificate, ca);
        options.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        options.ClientCertificateValidation = (certificate, _, _) =>
        {
            if (ca.Trust.IsValidClient(certificate, out var reason))
            {
                return true;
            }

            logger.ClientCertificateRefused(certificate.Subject, reason);
            return false;
        };
        return options;
    }

    /// <summary>REST: server authentication only; operators authenticate with bearer tokens.</summary>
    public static HttpsConnectionAdapterOptions ForRest(X509Certificate2 serverCertificate, CertificateAuthority ca) => new()
    {
        ServerCertificate = serverCertificate,
        // Meant to send the CA with the leaf for pinning, but .NET trims a self-signed root from the
        // chain it sends (SslStreamCertificateContext), so in practice only the leaf goes out; the
        // CA is served at /api/v1/ca.pem on both ports instead. Kept so an intermediate would be sent.
        ServerCertificateChain = [ca.Certificate],
        ClientCertificateMode = ClientCertificateMode.NoCertificate,
    };
}
