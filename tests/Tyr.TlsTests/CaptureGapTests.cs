using Tyr.Tls.Http;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>The kernel copies a bounded prefix of each SSL_write/SSL_read: the rest arrives as a gap of known length.</summary>
public sealed class CaptureGapTests
{
    [Fact]
    public void GapInsideARequestBodyIsCountedAndLeavesLaterFieldsUnknown()
    {
        var exchange = LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic(), promptBytes: 8000);
        var reader = new HttpExchangeReader(new HttpExchangeReaderOptions { BodyCaptureLimitBytes = 64 * 1024 });
        var headAndStart = exchange.Request.Length - 7000;

        reader.OnClientBytes(exchange.Request.AsSpan(0, headAndStart));
        reader.OnClientGap(6000);
        reader.OnClientBytes(exchange.Request.AsSpan(headAndStart + 6000));
        Assert.Equal(1, reader.OnServerBytes(exchange.Response));

        var call = Assert.Single(ReaderDriver.Drain(reader));
        var whole = Assert.Single(ReaderDriver.Run([exchange]));
        Assert.Equal(whole.RequestBodyBytes, call.RequestBodyBytes);
        Assert.Equal("claude-sonnet-4-5-20250929", call.Model);
        Assert.Null(call.Stream);
        Assert.True(call.CapturedRequestBody!.Length < 2000);
    }

    [Fact]
    public void GapInsideChunkedResponseDataIsCounted()
    {
        var exchange = LlmTraffic.AnthropicMessagesStream(FakeKeys.Anthropic());
        var whole = Assert.Single(ReaderDriver.Run([exchange]));

        // Cut inside the first chunk's data: past the head and the first chunk-size line.
        var text = System.Text.Encoding.ASCII.GetString(exchange.Response);
        var dataStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        dataStart = text.IndexOf("\r\n", dataStart, StringComparison.Ordinal) + 2;
        var reader = new HttpExchangeReader();
        reader.OnClientBytes(exchange.Request);
        reader.OnServerBytes(exchange.Response.AsSpan(0, dataStart + 10));
        reader.OnServerGap(40);
        reader.OnServerBytes(exchange.Response.AsSpan(dataStart + 50));

        var call = Assert.Single(ReaderDriver.Drain(reader));
        Assert.Equal(whole.ResponseBodyBytes, call.ResponseBodyBytes);
        Assert.Equal(HttpReaderState.Reading, reader.State);
    }

    [Fact]
    public void GapOutsideBodyDataMakesTheReaderGiveUp()
    {
        var reader = new HttpExchangeReader();
        reader.OnClientBytes("POST /v1/messages HTTP/1.1\r\nHost: api.anthropic.com\r\n"u8);
        reader.OnClientGap(100);

        Assert.Equal(HttpReaderState.GaveUp, reader.State);
        Assert.Equal("client request 1: 100 bytes were not captured outside body data", reader.Problem);
    }
}
