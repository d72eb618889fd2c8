using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Tyr.Daemon.Transport;

/// <summary>The HTTP/2 handler under every gRPC channel tyrd opens.</summary>
internal static class TlsHandlerFactory
{
    public static SocketsHttpHandler Create(RemoteCertificateValidationCallback validate, X509Certificate2? clientCertificate)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = validate,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        };
        if (clientCertificate is not null)
        {
            // offline: the chain needs no AIA downloads; the server knows our CA.
            ssl.ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, additionalCertificates: null, offline: true);
        }

        return new SocketsHttpHandler
        {
            SslOptions = ssl,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // HTTP/2 pings notice a dead peer (power loss, a dropped NAT entry) within ~40 s
            // instead of whenever TCP gives up.
            KeepAlivePingDelay = TimeSpan.FromSeconds(20),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            EnableMultipleHttp2Connections = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
    }
}
