using System.Text;
using Tyr.Tls.Http;
using Tyr.Tls.Redaction;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>Keys generated fresh for the test, put everywhere a client might put them, never come out.</summary>
public sealed class RedactionTests
{
    [Fact]
    public void EveryKindOfKeyLooksLikeASecret()
    {
        for (var round = 0; round < 200; round++)
        {
            foreach (var (kind, key) in FakeKeys.All())
            {
                Assert.True(SecretScanner.LooksLikeSecret(key), $"{kind}: {key}");
                Assert.Equal("x-api-key: [REDACTED] (" + kind + ")", SecretScanner.Redact($"x-api-key: {key} ({kind})"));
            }
        }
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929")]
    [InlineData("gpt-5-codex")]
    [InlineData("models/gemini-2.5-pro-preview-06-05")]
    [InlineData("/v1/messages?beta=true")]
    [InlineData("/v1/projects/my-project-12345/locations/us-central1/publishers/google/models/gemini-2.5-pro:generateContent")]
    [InlineData("generativelanguage.googleapis.com")]
    [InlineData("text/event-stream")]
    [InlineData("0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")]
    [InlineData("reasoning.encrypted_content")]
    [InlineData("Refactor the parser in src/tls.rs so that it never panics on hostile input.")]
    [InlineData("Basic usage of the sk-learn library")]
    [InlineData("interleaved-thinking-2025-05-14,claude-code-20250219")]
    [InlineData("ApplicationDefaultCredentialsProvider")]
    [InlineData("X-Stainless-Package-Version-And-Runtime")]
    public void OrdinaryValuesAreLeftAlone(string value)
    {
        Assert.False(SecretScanner.LooksLikeSecret(value));
        Assert.Same(value, SecretScanner.Redact(value));
    }

    [Fact]
    public void BearerTokensAreRedactedWhateverTheyLookLike()
    {
        Assert.True(SecretScanner.LooksLikeSecret("Bearer abc"));
        Assert.Equal("Authorization: Bearer [REDACTED]", SecretScanner.Redact("Authorization: Bearer abc.def"));
        Assert.Equal("Authorization: Basic [REDACTED]", SecretScanner.Redact("Authorization: Basic dXNlcjpwYXNz"));
    }

    [Fact]
    public void SensitiveQueryValuesAreRedactedAndOthersKept()
    {
        var path = PathRedactor.Redact("/v1/x?key=short&alt=sse&api_key=1&access_token=t&sig=s&limit=20&apiKey=z&X-Goog-Signature=abc#frag");

        Assert.Equal("/v1/x?key=[REDACTED]&alt=sse&api_key=[REDACTED]&access_token=[REDACTED]&sig=[REDACTED]&limit=20&apiKey=[REDACTED]&X-Goog-Signature=[REDACTED]", path);
    }

    [Fact]
    public void NoKeySurvivesIntoAnyFieldOfACall()
    {
        foreach (var captureLimit in new[] { 0, 97, 1000, 64 * 1024 })
        {
            foreach (var (kind, key) in FakeKeys.All())
            {
                var options = new HttpExchangeReaderOptions { BodyCaptureLimitBytes = captureLimit };
                var calls = ReaderDriver.Run(ExchangesCarrying(key), options, close: true);

                Assert.Equal(6, calls.Count);
                foreach (var call in calls)
                {
                    foreach (var text in ReaderDriver.Strings(call))
                    {
                        Assert.False(FakeKeys.Leaks(key, text), $"{kind} key leaked with capture {captureLimit}: {text}");
                    }
                }
            }
        }
    }

    [Fact]
    public void CapturedBodyKeepsItsShapeAndLosesItsSecrets()
    {
        var key = FakeKeys.Anthropic();
        var options = new HttpExchangeReaderOptions { BodyCaptureLimitBytes = 64 * 1024 };

        var call = ReaderDriver.Run(ExchangesCarrying(key), options)[1];

        Assert.NotNull(call.CapturedRequestBody);
        Assert.Contains("\"model\":\"claude-sonnet-4-5\"", call.CapturedRequestBody, StringComparison.Ordinal);
        Assert.Contains("\"max_tokens\":1024", call.CapturedRequestBody, StringComparison.Ordinal);
        Assert.Contains("\"api_key\":\"[REDACTED]\"", call.CapturedRequestBody, StringComparison.Ordinal);
        Assert.Contains("\"credentials\":\"[REDACTED]\"", call.CapturedRequestBody, StringComparison.Ordinal);
        Assert.Contains("my key is [REDACTED], please", call.CapturedRequestBody, StringComparison.Ordinal);
        Assert.Contains("event: message_start", call.CapturedResponseBody, StringComparison.Ordinal);
        Assert.Contains("\"echo\":\"[REDACTED]\"", call.CapturedResponseBody, StringComparison.Ordinal);
    }

    [Fact]
    public void CaptureIsOffByDefaultAndBoundedWhenOn()
    {
        var exchange = LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic(), promptBytes: 20_000);

        var off = Assert.Single(ReaderDriver.Run([exchange]));
        var on = Assert.Single(ReaderDriver.Run([exchange], new HttpExchangeReaderOptions { BodyCaptureLimitBytes = 512 }));

        Assert.Null(off.CapturedRequestBody);
        Assert.Null(off.CapturedResponseBody);
        Assert.InRange(Encoding.UTF8.GetByteCount(on.CapturedRequestBody!), 1, 512);
        Assert.InRange(Encoding.UTF8.GetByteCount(on.CapturedResponseBody!), 1, 512);
        Assert.StartsWith("{\"model\":\"claude-sonnet-4-5-20250929\"", on.CapturedRequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new HttpExchangeReader(new HttpExchangeReaderOptions { BodyCaptureLimitBytes = -1 }));
        Assert.Equal("BodyCaptureLimitBytes", error.ParamName);
    }

    // The key in every place a client (or a hostile one) could put it.
    private static LlmTraffic.Exchange[] ExchangesCarrying(string key)
    {
        var body = LlmTraffic.Json(w =>
        {
            w.WriteString("model", "claude-sonnet-4-5");
            w.WriteNumber("max_tokens", 1024);
            w.WriteString("api_key", key);
            w.WriteStartObject("credentials");
            w.WriteString("value", key);
            w.WriteEndObject();
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", $"my key is {key}, please keep it safe");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("note", key);
            w.WriteBoolean("stream", true);
        });
        var sse = LlmTraffic.ChunkedResponse(200, "text/event-stream",
            ["event: message_start\ndata: {\"type\":\"message_start\"}\n\n", $"event: error\ndata: {{\"echo\":\"{key}\",\"token\":\"abc\"}}\n\n", $"data: plain {key}\n\n"]);
        var modelIsKey = LlmTraffic.Json(w => w.WriteString("model", key));
        return
        [
            new(LlmTraffic.Request("GET", $"/v1/models?key={key}&page={key}", "api.anthropic.com", null, contentLength: false,
                    ("x-api-key", key), ("authorization", "Bearer " + key), ("x-goog-api-key", key), ("cookie", "session=" + key)),
                LlmTraffic.LengthResponse(200, "application/json", $$"""{"token":"{{key}}"}""")),
            new(LlmTraffic.Request("POST", "/v1/messages", "api.anthropic.com", body, contentLength: false, ("x-api-key", key)), sse),
            new(LlmTraffic.Request("POST", "/v1/chat/completions", "api.openai.com", modelIsKey, contentLength: true),
                LlmTraffic.LengthResponse(401, "application/json", $"{{\"error\":\"bad key {key}\"}}")),
            new(LlmTraffic.Request("POST", $"/v1beta/models/{key}:generateContent", "generativelanguage.googleapis.com", body, contentLength: true),
                LlmTraffic.LengthResponse(400, "text/plain", $"invalid model {key}")),
            new(LlmTraffic.Request("GET", $"/v1/files/{key}/content?x={Uri.EscapeDataString(key)}", HostCarrying(key), null, contentLength: false),
                LlmTraffic.LengthResponse(404, "application/json", "{}")),
            new(LlmTraffic.Request("POST", "/v1/responses", "api.openai.com", body, contentLength: true, ("content-type", "text/" + key)),
                LlmTraffic.LengthResponse(200, "application/json", "{}")),
        ];
    }

    // A DNS label is at most 63 characters: longer keys go in as several labels.
    private static string HostCarrying(string key) =>
        string.Join('.', key.Chunk(60).Select(c => new string(c))) + ".exfil.example";
}
