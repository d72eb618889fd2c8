using Tyr.Tls.Http;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>
/// SSL_write/SSL_read chunks can fall anywhere: property-style, a fixed seed and many random splits
/// (single bytes included) must give exactly the calls that whole messages give.
/// </summary>
public sealed class ChunkSplitPropertyTests
{
    private const int Seed = 4242;
    private const int Splits = 300;

    private static readonly string s_anthropicKey = FakeKeys.Anthropic();
    private static readonly string s_openAiKey = FakeKeys.OpenAiProject();
    private static readonly string s_googleKey = FakeKeys.Google();

    private static LlmTraffic.Exchange[] Conversation() =>
    [
        LlmTraffic.ModelList(s_anthropicKey),
        LlmTraffic.AnthropicMessagesStream(s_anthropicKey, promptBytes: 4000),
        LlmTraffic.OpenAiResponsesStream(s_openAiKey, "/backend-api/codex/responses"),
        LlmTraffic.ChatCompletions(s_openAiKey, stream: false),
        LlmTraffic.ChatCompletions(s_openAiKey, stream: true),
        LlmTraffic.GeminiGenerateContent(s_googleKey, stream: true),
        new(LlmTraffic.Request("POST", "/v1/messages", "api.anthropic.com",
                LlmTraffic.Json(w => { w.WriteString("model", "claude-haiku-4-5"); w.WriteString("system", LlmTraffic.Prose(3000)); w.WriteBoolean("stream", true); }),
                contentLength: false),
            LlmTraffic.ChunkedResponse(200, "text/event-stream", ["event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"])),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(4096)]
    public void RandomSplitsOfAKeepAliveConnectionGiveTheSameCalls(int captureLimit)
    {
        var options = new HttpExchangeReaderOptions { BodyCaptureLimitBytes = captureLimit };
        var conversation = Conversation();
        var expected = ReaderDriver.Run(conversation, options).Select(ReaderDriver.Describe).ToList();
        Assert.Equal(conversation.Length, expected.Count);

        var random = new Random(Seed);
        for (var split = 0; split < Splits; split++)
        {
            var reader = new HttpExchangeReader(options);
            foreach (var exchange in conversation)
            {
                foreach (var piece in ReaderDriver.RandomSplit(exchange.Request, random))
                {
                    reader.OnClientBytes(piece.Span);
                }

                foreach (var piece in ReaderDriver.RandomSplit(exchange.Response, random))
                {
                    reader.OnServerBytes(piece.Span);
                }
            }

            Assert.Equal(HttpReaderState.Reading, reader.State);
            Assert.Equal(expected, ReaderDriver.Drain(reader).Select(ReaderDriver.Describe));
        }
    }

    [Fact]
    public void RandomSplitsOfPipelinedRequestsGiveTheSameCalls()
    {
        var conversation = Conversation();
        var expected = ReaderDriver.Run(conversation).Select(ReaderDriver.Describe).ToList();
        var allRequests = conversation.SelectMany(e => e.Request).ToArray();
        var allResponses = conversation.SelectMany(e => e.Response).ToArray();

        var random = new Random(Seed + 1);
        for (var split = 0; split < Splits; split++)
        {
            var reader = new HttpExchangeReader();
            foreach (var piece in ReaderDriver.RandomSplit(allRequests, random))
            {
                reader.OnClientBytes(piece.Span);
            }

            foreach (var piece in ReaderDriver.RandomSplit(allResponses, random))
            {
                reader.OnServerBytes(piece.Span);
            }

            Assert.Equal(expected, ReaderDriver.Drain(reader).Select(ReaderDriver.Describe));
        }
    }

    [Fact]
    public void HostileBytesNeverThrowAndAlwaysLeaveAVisibleState()
    {
        var random = new Random(Seed + 2);
        var conversation = Conversation();
        var gaveUp = 0;
        for (var i = 0; i < 3000; i++)
        {
            var reader = new HttpExchangeReader(new HttpExchangeReaderOptions { BodyCaptureLimitBytes = i % 2 == 0 ? 0 : 512 });
            var exchange = conversation[random.Next(conversation.Length)];
            var request = Mutate(exchange.Request, random);
            var response = Mutate(exchange.Response, random);
            foreach (var piece in ReaderDriver.RandomSplit(request, random))
            {
                reader.OnClientBytes(piece.Span);
            }

            foreach (var piece in ReaderDriver.RandomSplit(response, random))
            {
                reader.OnServerBytes(piece.Span);
            }

            reader.OnClose();
            _ = ReaderDriver.Drain(reader).Select(ReaderDriver.Describe).ToList();
            Assert.True(Enum.IsDefined(reader.State));
            Assert.Equal(reader.State == HttpReaderState.GaveUp, reader.Problem is not null);
            gaveUp += reader.State == HttpReaderState.GaveUp ? 1 : 0;
        }

        Assert.True(gaveUp > 100, $"only {gaveUp} mutated connections made the reader give up");
    }

    private static byte[] Mutate(byte[] bytes, Random random)
    {
        var copy = (byte[])bytes.Clone();
        switch (random.Next(4))
        {
            case 0:
                random.NextBytes(copy.AsSpan(0, Math.Min(copy.Length, random.Next(1, 64))));
                return copy;
            case 1:
                for (var f = random.Next(1, 8); f > 0; f--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 2:
                return copy[..random.Next(copy.Length)];
            default:
                var garbage = new byte[random.Next(1, 3000)];
                random.NextBytes(garbage);
                return garbage;
        }
    }
}
