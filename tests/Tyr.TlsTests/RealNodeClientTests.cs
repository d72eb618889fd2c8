using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tyr.Tls.Http;
using Tyr.Tls.Llm;
using Tyr.TlsTests.Support;

namespace Tyr.TlsTests;

/// <summary>
/// The plaintext node's own HTTP clients write (what SSL_write sees in a node-based agent), captured from a real
/// node process talking to a loopback server, then read back by the reader together with the server's reply.
/// </summary>
public sealed class RealNodeClientTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeFetchStreamingMessagesCallIsReadWithoutTheKey()
    {
        var key = FakeKeys.Anthropic();
        const string script = """
            fetch(`http://127.0.0.1:${process.env.PORT}/v1/messages?beta=true`, {
              method: 'POST',
              headers: { 'x-api-key': process.env.KEY, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
              body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hi' }], stream: true }),
            }).then(async r => { const t = await r.text(); console.log(r.status, t.length); });
            """;
        var response = LlmTraffic.AnthropicMessagesStream(key).Response;

        var (request, stdout) = await ExchangeWithNodeAsync(script, key, response);
        var call = Assert.Single(ReaderDriver.Run([new LlmTraffic.Exchange(request, response)]));

        Assert.StartsWith("200 ", stdout, StringComparison.Ordinal);
        Assert.Equal(LlmApi.AnthropicMessages, call.Api);
        Assert.Equal("claude-sonnet-4-5", call.Model);
        Assert.True(call.Stream);
        Assert.Equal("127.0.0.1", call.Host?.Split(':')[0]);
        Assert.True(call.ResponseIsEventStream);
        Assert.DoesNotContain(ReaderDriver.Strings(call), s => FakeKeys.Leaks(key, s));
    }

    [Fact]
    public async Task NodeHttpRequestWithAChunkedBodyIsRead()
    {
        var key = FakeKeys.OpenAiProject();
        const string script = """
            const req = require('http').request({ host: '127.0.0.1', port: process.env.PORT, method: 'POST', path: '/v1/chat/completions',
              headers: { authorization: 'Bearer ' + process.env.KEY, 'content-type': 'application/json' } },
              res => { let n = 0; res.on('data', d => n += d.length); res.on('end', () => console.log(res.statusCode, n)); });
            req.write('{"messages":[{"role":"user","content":"hi"}],');
            req.write('"model":"gpt-4o-mini","stream":false}');
            req.end();
            """;
        var response = LlmTraffic.LengthResponse(200, "application/json", """{"id":"chatcmpl-1","choices":[]}""");

        var (request, stdout) = await ExchangeWithNodeAsync(script, key, response);
        var call = Assert.Single(ReaderDriver.Run([new LlmTraffic.Exchange(request, response)], new HttpExchangeReaderOptions { BodyCaptureLimitBytes = 4096 }));

        Assert.Contains("transfer-encoding: chunked", Encoding.ASCII.GetString(request), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("200 32", stdout.Trim());
        Assert.Equal(LlmApi.OpenAiChatCompletions, call.Api);
        Assert.Equal("gpt-4o-mini", call.Model);
        Assert.False(call.Stream);
        Assert.Equal("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\"gpt-4o-mini\",\"stream\":false}", call.CapturedRequestBody);
        Assert.DoesNotContain(ReaderDriver.Strings(call), s => FakeKeys.Leaks(key, s));
    }

    // Serves one request on loopback: reads it whole (by Content-Length or up to the last chunk), answers, hangs up.
    private static async Task<(byte[] Request, string Stdout)> ExchangeWithNodeAsync(string script, string key, byte[] response)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-e");
        start.ArgumentList.Add(script);
        start.Environment["PORT"] = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["KEY"] = key;
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync(Cancellation);
        var stderr = node.StandardError.ReadToEndAsync(Cancellation);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        byte[] request;
        using (var client = await listener.AcceptTcpClientAsync(timeout.Token))
        {
            var stream = client.GetStream();
            var bytes = new List<byte>();
            var buffer = new byte[8192];
            while (!IsWholeRequest(bytes))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                Assert.NotEqual(0, read);
                bytes.AddRange(buffer.AsSpan(0, read));
            }

            request = [.. bytes];
            await stream.WriteAsync(response, timeout.Token);
            await stream.FlushAsync(timeout.Token);
            await node.WaitForExitAsync(timeout.Token);
        }

        Assert.True(node.ExitCode == 0, await stderr);
        return (request, await stdout);
    }

    private static bool IsWholeRequest(List<byte> bytes)
    {
        var text = Encoding.Latin1.GetString([.. bytes]);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var head = text[..headEnd].ToLowerInvariant();
        var lengthAt = head.IndexOf("content-length:", StringComparison.Ordinal);
        if (lengthAt >= 0)
        {
            var value = head[(lengthAt + 15)..].Split("\r\n")[0].Trim();
            return text.Length - headEnd - 4 >= int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return !head.Contains("transfer-encoding: chunked", StringComparison.Ordinal) || text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
    }
}
