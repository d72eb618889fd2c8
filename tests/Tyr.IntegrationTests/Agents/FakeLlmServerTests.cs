using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The fake LLM server on its own, through a plain .NET client: what the agent tests rely on
/// (trust only through the throwaway CA, both loopback addresses, every API shape, recording)
/// holds before any agent is involved.
/// </summary>
public sealed class FakeLlmServerTests
{
    [Fact]
    public async Task OnlyAClientTrustingTheThrowawayCaConnectsOnLocalhostAndBothLoopbackAddresses()
    {
        using var directory = new TempDirectory("fakellm");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        using var trusting = TrustingClient(server);
        using var untrusting = new HttpClient();

        foreach (var origin in new[] { server.BaseUrl, $"https://127.0.0.1:{server.Port}", $"https://[::1]:{server.Port}" })
        {
            using var models = await trusting.GetAsync(new Uri(origin + "/v1/models"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, models.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(
            () => untrusting.GetAsync(new Uri(server.BaseUrl + "/v1/models"), TestContext.Current.CancellationToken));
        Assert.IsType<AuthenticationException>(refused.InnerException);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task ChatCompletionsStreamsTheReplyInChunksThatEndWithDone()
    {
        using var directory = new TempDirectory("fakellm");
        await using var server = await FakeLlmServer.StartAsync(directory.Path, "streamed answer");
        using var client = TrustingClient(server);

        var body = await PostAsync(client, server.BaseUrl + "/v1/chat/completions", """{"model":"gpt-x","stream":true,"messages":[]}""");

        var data = body.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]).ToList();
        Assert.Equal("[DONE]", data[^1]);
        var text = string.Concat(data[..^1].Select(chunk =>
        {
            using var json = JsonDocument.Parse(chunk);
            var choices = json.RootElement.GetProperty("choices");
            return choices.GetArrayLength() > 0 && choices[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : "";
        }));
        Assert.Equal("streamed answer", text);
    }

    [Fact]
    public async Task EachApiAnswersWithOneJsonObjectCarryingTheReplyWhenNotAskedToStream()
    {
        using var directory = new TempDirectory("fakellm");
        await using var server = await FakeLlmServer.StartAsync(directory.Path, "whole answer");
        using var client = TrustingClient(server);

        using var anthropic = JsonDocument.Parse(await PostAsync(client, server.BaseUrl + "/v1/messages", """{"model":"claude-x","messages":[]}"""));
        using var responses = JsonDocument.Parse(await PostAsync(client, server.BaseUrl + "/v1/responses", """{"model":"gpt-x","input":"hi"}"""));
        using var chat = JsonDocument.Parse(await PostAsync(client, server.BaseUrl + "/v1/chat/completions", """{"model":"gpt-x","messages":[]}"""));

        Assert.Equal("whole answer", anthropic.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("claude-x", anthropic.RootElement.GetProperty("model").GetString());
        Assert.Equal("whole answer", responses.RootElement.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("whole answer", chat.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task EveryRequestIsRecordedWithItsHeadersBodyAndNegotiatedProtocolEvenWhenTheServerHasNoAnswerForIt()
    {
        using var directory = new TempDirectory("fakellm");
        await using var server = await FakeLlmServer.StartAsync(directory.Path);
        using var client = TrustingClient(server);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl + "/v1/not-an-api"))
        {
            Content = new StringContent("""{"model":"m1"}""", Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Add("x-api-key", "sk-ant-api03-recorded");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var recorded = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/not-an-api", $"localhost:{server.Port}"), (recorded.Method, recorded.Path, recorded.Host));
        Assert.Equal(("HTTP/2", "h2", "localhost"), (recorded.HttpProtocol, recorded.Alpn, recorded.Sni));
        Assert.Equal("sk-ant-api03-recorded", recorded.Header("X-Api-Key"));
        Assert.Equal("m1", recorded.Model);
    }

    private static HttpClient TrustingClient(FakeLlmServer server)
    {
        var ca = Pem.LoadCertificate(server.CaPemPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(ca);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static async Task<string> PostAsync(HttpClient client, string url, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri(url), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {body}");
        return body;
    }
}
