using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;

namespace Tyr.IntegrationTests.Discovery;

/// <summary>A PUT with a text body and any Content-Type, as `curl --data-binary @file -H 'Content-Type: ...'` sends it.</summary>
internal static class YamlPut
{
    public static async Task<(int Status, JsonElement Body)> SendAsync(ServerProcess server, string token, string path, string text, string contentType)
    {
        var trust = CaTrust.FromPemFile(server.CaPath);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && trust.IsValidServer(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), out _);
        using var client = new HttpClient(handler) { BaseAddress = new Uri("https://localhost:" + server.HttpEndpoint.Split(':')[^1]) };
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }
}
