using System.Text;
using Tyr.Tls.Http;
using Tyr.Tls.Llm;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>What the reader makes of whole, real-shaped exchanges, and how it gives up on what it cannot follow.</summary>
public sealed class HttpExchangeReaderTests
{
    [Fact]
    public void ClaudeCodeStreamingMessagesCallGivesApiModelAndStream()
    {
        var exchange = LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic());

        var call = Assert.Single(ReaderDriver.Run([exchange]));

        Assert.Equal("POST", call.Method);
        Assert.Equal("/v1/messages?beta=true", call.Path);
        Assert.Equal("api.anthropic.com", call.Host);
        Assert.Equal(LlmApi.AnthropicMessages, call.Api);
        Assert.Equal("anthropic.messages", call.ApiName);
        Assert.Equal("claude-sonnet-4-5-20250929", call.Model);
        Assert.True(call.Stream);
        Assert.Equal(200, call.StatusCode);
        Assert.Equal("application/json", call.RequestContentType);
        Assert.Equal("text/event-stream", call.ResponseContentType);
        Assert.True(call.ResponseIsEventStream);
        Assert.Equal(BodyLength(exchange.Request), call.RequestBodyBytes);
        Assert.Contains("event: message_stop", DechunkedText(exchange.Response), StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetByteCount(DechunkedText(exchange.Response)), call.ResponseBodyBytes);
        Assert.False(call.Truncated);
        Assert.Null(call.CapturedRequestBody);
    }

    [Theory]
    [InlineData("/v1/responses")]
    [InlineData("/backend-api/codex/responses")]
    public void CodexResponsesCallIsOpenAiResponses(string path)
    {
        var call = Assert.Single(ReaderDriver.Run([LlmTraffic.OpenAiResponsesStream(FakeKeys.OpenAiProject(), path)]));

        Assert.Equal(LlmApi.OpenAiResponses, call.Api);
        Assert.Equal("openai.responses", call.ApiName);
        Assert.Equal("gpt-5-codex", call.Model);
        Assert.True(call.Stream);
        Assert.True(call.ResponseIsEventStream);
    }

    [Fact]
    public void ChatCompletionsWithoutStreamFieldIsNotStreamed()
    {
        var calls = ReaderDriver.Run([
            LlmTraffic.ChatCompletions(FakeKeys.OpenAiLegacy(), stream: false),
            LlmTraffic.ChatCompletions(FakeKeys.OpenAiLegacy(), stream: true, model: "anthropic/claude-3.5-sonnet", path: "/api/v1/chat/completions", host: "openrouter.ai"),
        ]);

        Assert.Equal(2, calls.Count);
        Assert.Equal(LlmApi.OpenAiChatCompletions, calls[0].Api);
        Assert.Equal("gpt-4o-2024-08-06", calls[0].Model);
        Assert.False(calls[0].Stream);
        Assert.Equal("application/json", calls[0].ResponseContentType);
        Assert.Equal(LlmApi.OpenAiChatCompletions, calls[1].Api);
        Assert.Equal("openrouter.ai", calls[1].Host);
        Assert.Equal("anthropic/claude-3.5-sonnet", calls[1].Model);
        Assert.True(calls[1].Stream);
    }

    [Fact]
    public void GeminiModelAndStreamComeFromThePathAndTheKeyIsRedacted()
    {
        var key = FakeKeys.Google();
        var calls = ReaderDriver.Run([
            LlmTraffic.GeminiGenerateContent(key, stream: false),
            LlmTraffic.GeminiGenerateContent(key, stream: true, model: "gemini-2.5-flash"),
        ]);

        Assert.Equal(2, calls.Count);
        Assert.All(calls, c => Assert.Equal("gemini.generate_content", c.ApiName));
        Assert.Equal("gemini-2.5-pro", calls[0].Model);
        Assert.False(calls[0].Stream);
        Assert.Equal("/v1beta/models/gemini-2.5-pro:generateContent?key=[REDACTED]", calls[0].Path);
        Assert.Equal("gemini-2.5-flash", calls[1].Model);
        Assert.True(calls[1].Stream);
        Assert.Equal("/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse&key=[REDACTED]", calls[1].Path);
        Assert.True(calls[1].ResponseIsEventStream);
    }

    [Fact]
    public void ModelListIsOtherWithItsStatusAndQuery()
    {
        var call = Assert.Single(ReaderDriver.Run([LlmTraffic.ModelList(FakeKeys.Anthropic())]));

        Assert.Equal(LlmApi.Other, call.Api);
        Assert.Equal("GET", call.Method);
        Assert.Equal("/v1/models?limit=1000", call.Path);
        Assert.Null(call.Model);
        Assert.Equal(0, call.RequestBodyBytes);
        Assert.Equal(200, call.StatusCode);
    }

    [Fact]
    public void KeepAliveConnectionYieldsEveryCallInOrder()
    {
        var calls = ReaderDriver.Run([
            LlmTraffic.ModelList(FakeKeys.Anthropic()),
            LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic(), model: "claude-haiku-4-5"),
            LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic(), model: "claude-opus-4-1"),
        ]);

        Assert.Equal(["GET other ", "POST anthropic.messages claude-haiku-4-5", "POST anthropic.messages claude-opus-4-1"],
            calls.Select(c => $"{c.Method} {c.ApiName} {c.Model}"));
    }

    [Fact]
    public void PipelinedRequestsAreMatchedToResponsesInOrder()
    {
        LlmTraffic.Exchange[] exchanges = [
            LlmTraffic.ChatCompletions(FakeKeys.OpenAiLegacy(), stream: false, model: "gpt-4o-mini"),
            LlmTraffic.ModelList(FakeKeys.OpenAiLegacy(), host: "api.openai.com"),
            LlmTraffic.ChatCompletions(FakeKeys.OpenAiLegacy(), stream: true, model: "gpt-4.1"),
        ];
        var reader = new HttpExchangeReader();

        foreach (var exchange in exchanges)
        {
            Assert.Equal(0, reader.OnClientBytes(exchange.Request));
        }

        Assert.Equal(3, reader.OnServerBytes(exchanges.SelectMany(e => e.Response).ToArray()));
        var calls = ReaderDriver.Drain(reader);
        Assert.Equal(["gpt-4o-mini 200 application/json", " 200 application/json", "gpt-4.1 200 text/event-stream"],
            calls.Select(c => $"{c.Model} {c.StatusCode} {c.ResponseContentType}"));
    }

    [Fact]
    public void ChunkedRequestBodyIsDecodedForModelAndSize()
    {
        var body = LlmTraffic.Json(w =>
        {
            w.WriteString("model", "claude-sonnet-4-5");
            w.WriteNumber("max_tokens", 1024);
            w.WriteBoolean("stream", false);
        });
        var request = LlmTraffic.Request("POST", "/v1/messages", "api.anthropic.com", body, contentLength: false);
        var response = LlmTraffic.LengthResponse(200, "application/json", """{"type":"message"}""");

        var call = Assert.Single(ReaderDriver.Run([new LlmTraffic.Exchange(request, response)]));

        Assert.Equal("claude-sonnet-4-5", call.Model);
        Assert.False(call.Stream);
        Assert.Equal(body.Length, call.RequestBodyBytes);
    }

    [Fact]
    public void InterimContinueResponseIsSkipped()
    {
        var exchange = LlmTraffic.ChatCompletions(FakeKeys.OpenAiLegacy(), stream: false);
        byte[] response = [.. "HTTP/1.1 100 Continue\r\n\r\n"u8, .. exchange.Response];

        var call = Assert.Single(ReaderDriver.Run([exchange with { Response = response }]));

        Assert.Equal(200, call.StatusCode);
        Assert.Equal("gpt-4o-2024-08-06", call.Model);
    }

    [Fact]
    public void HeadAndNoContentResponsesHaveNoBody()
    {
        var head = new LlmTraffic.Exchange(
            LlmTraffic.Request("HEAD", "/v1/models", "api.openai.com", null, contentLength: false),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n"u8.ToArray());
        var noContent = new LlmTraffic.Exchange(
            LlmTraffic.Request("DELETE", "/v1/files/file-abc", "api.openai.com", null, contentLength: false),
            "HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());

        var calls = ReaderDriver.Run([head, noContent, LlmTraffic.ModelList(FakeKeys.Anthropic())]);

        Assert.Equal([200, 204, 200], calls.Select(c => c.StatusCode));
        Assert.Equal([0L, 0L], calls.Take(2).Select(c => c.ResponseBodyBytes));
    }

    [Fact]
    public void ResponseWithoutLengthEndsWhenTheConnectionCloses()
    {
        var request = LlmTraffic.Request("GET", "/v1/models", "api.anthropic.com", null, contentLength: false);
        var reader = new HttpExchangeReader();
        reader.OnClientBytes(request);
        reader.OnServerBytes("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\ndata: {}\n\n"u8);
        reader.OnServerBytes("data: {}\n\n"u8);

        Assert.Equal(0, reader.CompletedCount);
        Assert.Equal(1, reader.OnClose());
        var call = Assert.Single(ReaderDriver.Drain(reader));
        Assert.Equal(20, call.ResponseBodyBytes);
        Assert.False(call.Truncated);
        Assert.Equal(HttpReaderState.Closed, reader.State);
    }

    [Fact]
    public void ConnectionClosedMidStreamYieldsATruncatedCall()
    {
        var exchange = LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic());
        var reader = new HttpExchangeReader();
        reader.OnClientBytes(exchange.Request);
        reader.OnServerBytes(exchange.Response.AsSpan(0, exchange.Response.Length / 2));

        Assert.Equal(1, reader.OnClose());
        var call = Assert.Single(ReaderDriver.Drain(reader));
        Assert.True(call.Truncated);
        Assert.Equal(200, call.StatusCode);
        Assert.Equal("claude-sonnet-4-5-20250929", call.Model);
    }

    [Fact]
    public void Http2PrefaceIsRecognisedAndNotParsed()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8);
        reader.OnClientBytes(new byte[] { 0, 0, 18, 4, 0, 0, 0, 0, 0 });

        Assert.Equal(HttpReaderState.Http2NotParsed, reader.State);
        Assert.Equal(0, reader.CompletedCount);

        // Also when the preface arrives a byte at a time.
        var slow = new HttpExchangeReader();
        foreach (var b in "PRI * HTTP/2.0\r\n"u8.ToArray())
        {
            slow.OnClientBytes([b]);
        }

        Assert.Equal(HttpReaderState.Http2NotParsed, slow.State);
    }

    [Fact]
    public void NonHttpBytesMakeTheReaderGiveUpSayingWhere()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("SSH-2.0-OpenSSH_9.6\r\n"u8);

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.StartsWith("client request 1:", reader.Problem, StringComparison.Ordinal);

        // Later bytes, even valid HTTP, are ignored.
        Assert.Equal(0, reader.OnClientBytes(LlmTraffic.ModelList(FakeKeys.Anthropic()).Request));
        Assert.Equal(0, reader.OnClose());
    }

    [Fact]
    public void BrokenHeaderLineNamesTheLine()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("POST /v1/messages HTTP/1.1\r\nHost: api.anthropic.com\r\nthis is not a header\r\n\r\n"u8);

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Equal("client request 1: header line 3 is not 'name: value'", reader.Problem);
    }

    [Fact]
    public void ResponseWithNoRequestMeansCaptureBeganMidConnection()
    {
        var reader = new HttpExchangeReader();
        reader.OnServerBytes(LlmTraffic.ModelList(FakeKeys.Anthropic()).Response);

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Contains("no request awaits it", reader.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void EndlessHeadIsCutAtTheBound()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("GET / HTTP/1.1\r\n"u8);
        var header = "x-filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n"u8.ToArray();
        for (var i = 0; i < 200 && reader.State == HttpReaderState.Reading; i++)
        {
            reader.OnClientBytes(header);
        }

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Equal($"client request 1: head longer than {HttpExchangeReader.MaxHeadBytes} bytes", reader.Problem);
    }

    [Fact]
    public void BrokenChunkFramingGivesUpNamingTheBody()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("POST /v1/messages HTTP/1.1\r\nHost: api.anthropic.com\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"u8);

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Equal("client request 1 body: chunk size line does not start with a hex digit", reader.Problem);
    }

    [Fact]
    public void TooManyPipelinedRequestsGiveUp()
    {
        var reader = new HttpExchangeReader();
        var request = LlmTraffic.ModelList(FakeKeys.Anthropic()).Request;
        for (var i = 0; i <= HttpExchangeReader.MaxAwaitingExchanges; i++)
        {
            reader.OnClientBytes(request);
        }

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Contains("await a response", reader.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void SwitchingProtocolsYieldsTheCallThenStops()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("GET /v1/realtime?model=gpt-realtime HTTP/1.1\r\nHost: api.openai.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"u8);
        reader.OnServerBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello"u8);

        var call = Assert.Single(ReaderDriver.Drain(reader));
        Assert.Equal(101, call.StatusCode);
        Assert.Equal("/v1/realtime?model=gpt-realtime", call.Path);
        Assert.Equal(HttpReaderState.GaveUp, reader.State);
    }

    [Fact]
    public void ModelBeyondTheScanLimitIsUnknownButStreamBeforeItIsKnown()
    {
        var body = LlmTraffic.Json(w =>
        {
            w.WriteBoolean("stream", true);
            w.WriteString("system", LlmTraffic.Prose(100_000));
            w.WriteString("model", "claude-opus-4-1");
        });
        var exchange = new LlmTraffic.Exchange(
            LlmTraffic.Request("POST", "/v1/messages", "api.anthropic.com", body, contentLength: true),
            LlmTraffic.ChunkedResponse(200, "text/event-stream", ["event: message_stop\ndata: {}\n\n"]));

        var bounded = Assert.Single(ReaderDriver.Run([exchange]));
        var wide = Assert.Single(ReaderDriver.Run([exchange], new HttpExchangeReaderOptions { JsonScanLimitBytes = 256 * 1024 }));

        Assert.Null(bounded.Model);
        Assert.True(bounded.Stream);
        Assert.Equal(body.Length, bounded.RequestBodyBytes);
        Assert.Equal("claude-opus-4-1", wide.Model);
    }

    [Fact]
    public void StreamIsUnknownWhenTheBodyIsCutBeforeIt()
    {
        var exchange = LlmTraffic.OpenAiResponsesStream(FakeKeys.OpenAiProject(), promptBytes: 100_000);

        var call = Assert.Single(ReaderDriver.Run([exchange]));

        Assert.Equal("gpt-5-codex", call.Model);
        Assert.Null(call.Stream);
        Assert.True(call.ResponseIsEventStream);
    }

    [Fact]
    public void NonJsonBodyHasNoModel()
    {
        var request = LlmTraffic.Request("POST", "/v1/messages", "api.anthropic.com", "model=claude&stream=true"u8.ToArray(), contentLength: true,
            ("content-type", "application/x-www-form-urlencoded"));
        var call = Assert.Single(ReaderDriver.Run([new LlmTraffic.Exchange(request, LlmTraffic.LengthResponse(400, "application/json", "{}"))]));

        Assert.Null(call.Model);
        Assert.Null(call.Stream);
        Assert.Equal(400, call.StatusCode);
        Assert.Equal("application/x-www-form-urlencoded", call.RequestContentType);
    }

    [Fact]
    public void AbsoluteFormTargetGivesHostAndPath()
    {
        var request = "POST https://api.anthropic.com/v1/messages HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"u8.ToArray();
        var call = Assert.Single(ReaderDriver.Run([new LlmTraffic.Exchange(request, LlmTraffic.LengthResponse(200, "application/json", "{}"))]));

        Assert.Equal("api.anthropic.com", call.Host);
        Assert.Equal("/v1/messages", call.Path);
        Assert.Equal(LlmApi.AnthropicMessages, call.Api);
    }

    private static long BodyLength(byte[] request)
    {
        var text = Encoding.UTF8.GetString(request);
        return Encoding.UTF8.GetByteCount(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private static string DechunkedText(byte[] response)
    {
        var text = Encoding.UTF8.GetString(response);
        var rest = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        var output = new StringBuilder();
        while (true)
        {
            var lineEnd = rest.IndexOf("\r\n", StringComparison.Ordinal);
            var size = Convert.ToInt32(rest[..lineEnd], 16);
            if (size == 0)
            {
                return output.ToString();
            }

            var bytes = Encoding.UTF8.GetBytes(rest[(lineEnd + 2)..]);
            output.Append(Encoding.UTF8.GetString(bytes, 0, size));
            rest = Encoding.UTF8.GetString(bytes, size + 2, bytes.Length - size - 2);
        }
    }
}
