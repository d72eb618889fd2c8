using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tyr.Daemon.Transport;
using Tyr.Pki;

namespace Tyr.Daemon.Enrollment;

/// <summary>
/// Fetches the server's CA from <c>/api/v1/ca.pem</c> on the enrollment endpoint, for a server
/// whose TLS stack does not send its root CA in the handshake (.NET's does not: it trims a
/// self-signed root from the chain it sends). The fetch itself is unauthenticated; only a
/// certificate whose SHA-256 equals the pinned fingerprint is returned, and no secret is sent.
/// </summary>
internal static class CaPreflight
{
    public const string CaPath = "/api/v1/ca.pem";

    /// <returns>The CA, or null and a problem saying why not.</returns>
    public static async Task<(X509Certificate2? Ca, string? Problem)> FetchAsync(
        ServerAddress server,
        string fingerprint,
        CancellationToken cancellationToken)
    {
        // The content is verified by its fingerprint, so the chain does not matter here; the name
        // still has to fit, as a cheap first filter.
        using var handler = TlsHandlerFactory.Create(
            (_, certificate, _, errors) => certificate is not null && !errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch),
            clientCertificate: null);
        using var http = new HttpClient(handler)
        {
            Timeout = TimeSpan.FromSeconds(15),
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        var url = new Uri(server.ToUri(), CaPath);
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var pem = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var ca = X509Certificate2.CreateFromPem(pem);
            var actual = Fingerprints.Sha256(ca);
            return actual == fingerprint
                ? (ca, null)
                : (null, $"{url} gave a CA with fingerprint {actual}, not {fingerprint}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or CryptographicException or ArgumentException)
        {
            return (null, $"{url}: {e.Message}");
        }
    }
}
