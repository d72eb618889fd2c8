using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Tyr.Tls.Http;

namespace Tyr.Bench;

/// <summary>
/// The TLS plaintext reader on tyrd's event path: one claude-code-shaped exchange (a 4 KiB Anthropic Messages
/// request, an SSE reply in chunked encoding) fed as 16 client and 16 server chunks, as SSL_write/SSL_read deliver them.
/// Baseline: copying the same 32 chunks into a buffer, the least tyrd does with captured bytes anyway.
/// </summary>
[MemoryDiagnoser]
public class TlsCaptureParsingBenchmarks
{
    private const int Chunks = 16;
    private readonly byte[] _sink = new byte[64 * 1024];
    private ReadOnlyMemory<byte>[] _requestChunks = [];
    private ReadOnlyMemory<byte>[] _responseChunks = [];

    [GlobalSetup]
    public void Setup()
    {
        _requestChunks = Split(Request());
        _responseChunks = Split(Response());
    }

    [Benchmark(Baseline = true)]
    public int CopyChunks()
    {
        var offset = 0;
        foreach (var chunk in _requestChunks)
        {
            chunk.Span.CopyTo(_sink.AsSpan(offset));
            offset += chunk.Length;
        }

        foreach (var chunk in _responseChunks)
        {
            chunk.Span.CopyTo(_sink.AsSpan(offset));
            offset += chunk.Length;
        }

        return offset;
    }

    [Benchmark]
    public int ParseExchange()
    {
        var reader = new HttpExchangeReader();
        foreach (var chunk in _requestChunks)
        {
            reader.OnClientBytes(chunk.Span);
        }

        var calls = 0;
        foreach (var chunk in _responseChunks)
        {
            calls += reader.OnServerBytes(chunk.Span);
        }

        return reader.TryTakeCall(out var call) && call.Model is not null ? calls : -1;
    }

    private static ReadOnlyMemory<byte>[] Split(byte[] bytes)
    {
        var size = (bytes.Length + Chunks - 1) / Chunks;
        return [.. bytes.Chunk(size).Select(c => new ReadOnlyMemory<byte>(c))];
    }

    private static byte[] Request()
    {
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteString("model", "claude-sonnet-4-5-20250929");
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", string.Concat(Enumerable.Repeat("Refactor the parser so that it never panics on hostile input. ", 60)));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteNumber("max_tokens", 32000);
            w.WriteBoolean("stream", true);
            w.WriteEndObject();
        }

        var head = "POST /v1/messages?beta=true HTTP/1.1\r\nhost: api.anthropic.com\r\nx-api-key: sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n" +
            "anthropic-version: 2023-06-01\r\ncontent-type: application/json\r\nuser-agent: claude-cli/2.0.14 (external, cli)\r\n" +
            $"content-length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body.ToArray()];
    }

    private static byte[] Response()
    {
        var response = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nTransfer-Encoding: chunked\r\nrequest-id: req_011\r\n\r\n");
        for (var i = 0; i < 40; i++)
        {
            var e = $"event: content_block_delta\ndata: {{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"token {i} \"}}}}\n\n";
            response.Append($"{Encoding.UTF8.GetByteCount(e):x}\r\n{e}\r\n");
        }

        return Encoding.UTF8.GetBytes(response.Append("0\r\n\r\n").ToString());
    }
}
