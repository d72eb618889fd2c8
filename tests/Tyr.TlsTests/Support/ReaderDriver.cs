using Tyr.Tls.Http;
using Tyr.Tls.Llm;

namespace Tyr.TlsTests.Support;

/// <summary>Feeds exchanges to an <see cref="HttpExchangeReader"/> the way tyrd will: client chunks, then server chunks.</summary>
internal static class ReaderDriver
{
    /// <summary>Each exchange's request then its response, whole.</summary>
    public static List<LlmCall> Run(IEnumerable<LlmTraffic.Exchange> exchanges, HttpExchangeReaderOptions? options = null, bool close = false) =>
        Run(exchanges, options, close, out _);

    public static List<LlmCall> Run(IEnumerable<LlmTraffic.Exchange> exchanges, HttpExchangeReaderOptions? options, bool close, out HttpExchangeReader reader)
    {
        reader = new HttpExchangeReader(options ?? HttpExchangeReaderOptions.Default);
        foreach (var exchange in exchanges)
        {
            reader.OnClientBytes(exchange.Request);
            reader.OnServerBytes(exchange.Response);
        }

        if (close)
        {
            reader.OnClose();
        }

        return Drain(reader);
    }

    /// <summary>Cuts <paramref name="bytes"/> into random pieces: many tiny ones, some large.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> RandomSplit(byte[] bytes, Random random)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var size = random.Next(4) switch
            {
                0 => 1,
                1 => random.Next(1, 8),
                2 => random.Next(1, 200),
                _ => random.Next(1, 5000),
            };
            size = Math.Min(size, bytes.Length - i);
            yield return bytes.AsMemory(i, size);
            i += size;
        }
    }

    public static List<LlmCall> Drain(HttpExchangeReader reader)
    {
        var calls = new List<LlmCall>();
        while (reader.TryTakeCall(out var call))
        {
            calls.Add(call);
        }

        return calls;
    }

    /// <summary>Every field of a call, for comparing runs.</summary>
    public static string Describe(LlmCall c) =>
        $"{c.Method} {c.Path} host={c.Host} api={c.ApiName} model={c.Model} stream={c.Stream} status={c.StatusCode} " +
        $"req={c.RequestContentType}/{c.RequestBodyBytes} resp={c.ResponseContentType}/{c.ResponseBodyBytes} sse={c.ResponseIsEventStream} " +
        $"truncated={c.Truncated} capReq={c.CapturedRequestBody} capResp={c.CapturedResponseBody}";

    /// <summary>Every string a call carries, for leak checks.</summary>
    public static IEnumerable<string?> Strings(LlmCall c) =>
        [c.Method, c.Path, c.Host, c.Model, c.RequestContentType, c.ResponseContentType, c.ApiName, c.CapturedRequestBody, c.CapturedResponseBody, Describe(c)];
}
