using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Tyr.IntegrationTests.Harness;
using Tyr.Pki;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// The fake server's Gemini API on its own: which paths it takes for Gemini calls, and that its
/// stream joins into the reply the way a Gemini client reads it.
/// </summary>
public sealed class GeminiApiTests
{
    [Theory]
    [InlineData("/v1beta/models/gemini-2.5-pro:streamGenerateContent", "gemini-2.5-pro", "streamGenerateContent")]
    [InlineData("/v1/models/gemini-x:countTokens", "gemini-x", "countTokens")]
    [InlineData("/v1alpha/models/gemini-x:generateContent", "gemini-x", "generateContent")]
    public void AGeminiCallPathNamesItsModelAndMethod(string path, string model, string method)
    {
        Assert.True(GeminiApi.TryParseCall(path, out var parsedModel, out var parsedMethod));
        Assert.Equal(model, parsedModel);
        Assert.Equal(method, parsedMethod);
    }

    [Theory]
    [InlineData("/v1/messages")]
    [InlineData("/v1/models")]
    [InlineData("/v1beta/models/gemini-x")]
    [InlineData("/v1beta/models/gemini-x:")]
    [InlineData("/v1beta/models/:generateContent")]
    [InlineData("/models/gemini-x:generateContent")]
    [InlineData("/v1beta/extra/models/gemini-x:generateContent")]
    [InlineData("/v1beta/models/a/b:generateContent")]
    [InlineData("/api/models/gemini-x:generateContent")]
    public void AnyOtherPathIsNotAGeminiCall(string path)
    {
        Assert.False(GeminiApi.TryParseCall(path, out _, out _));
        Assert.Null(GeminiApi.ModelInPath(path));
    }

    [Fact]
    public async Task StreamGenerateContentWithAltSseSendsDataEventsThatJoinIntoTheReplyAndEndWithStop()
    {
        using var directory = new TempDirectory("fakellm-gemini");
        await using var server = await FakeLlmServer.StartAsync(directory.Path, "streamed gemini answer");
        using var ca = Pem.LoadCertificate(server.CaPemPath);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        handler.SslOptions.CertificateChainPolicy.CustomTrustStore.Add(ca);
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var content = new StringContent("""{"contents":[{"role":"user","parts":[{"text":"hi"}]}]}""", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(
            new Uri(server.BaseUrl + "/v1beta/models/gemini-x:streamGenerateContent?alt=sse"), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var chunks = body.Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal))
            .Select(line => JsonDocument.Parse(line["data: ".Length..]))
            .ToList();
        var candidates = chunks.Select(chunk => chunk.RootElement.GetProperty("candidates")[0]).ToList();
        Assert.True(candidates.Count > 1, body);
        Assert.Equal("streamed gemini answer", string.Concat(candidates.Select(c => c.GetProperty("content").GetProperty("parts")[0].GetProperty("text").GetString())));
        Assert.Equal("STOP", candidates[^1].GetProperty("finishReason").GetString());
        Assert.All(candidates.Take(candidates.Count - 1), c => Assert.False(c.TryGetProperty("finishReason", out _)));
        chunks.ForEach(chunk => chunk.Dispose());
    }
}
