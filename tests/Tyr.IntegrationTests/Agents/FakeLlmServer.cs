using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// A fake LLM API on loopback (127.0.0.1 and [::1], one ephemeral port) over real TLS, with a
/// <c>localhost</c> certificate from a throwaway CA. It answers the Anthropic Messages, OpenAI
/// Responses and Chat Completions, and Gemini generateContent APIs with a fixed reply, answers the
/// side endpoints the agents call minimally, and records every request for the test to assert on.
/// </summary>
internal sealed class FakeLlmServer : IAsyncDisposable
{
    /// <summary>What every model call answers, unless the test chooses another text.</summary>
    public const string DefaultReply = "tyr-fake-reply";

    private const string SniItem = "tyr.sni";

    private readonly WebApplication _app;
    private readonly LocalTlsAuthority _authority;
    private readonly ConcurrentQueue<RecordedRequest> _requests;

    private FakeLlmServer(WebApplication app, LocalTlsAuthority authority, ConcurrentQueue<RecordedRequest> requests, int port)
    {
        _app = app;
        _authority = authority;
        _requests = requests;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The origin the agents are pointed at: by name, so that their TLS carries SNI.</summary>
    public string BaseUrl => $"https://localhost:{Port}";

    /// <summary>The throwaway CA's PEM file, for the agents' trust settings.</summary>
    public string CaPemPath => _authority.CaPemPath;

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>All requests, one line each, for failure messages.</summary>
    public string Describe() =>
        _requests.IsEmpty ? "(the fake LLM server received no request)" : string.Join('\n', _requests.Select(r => r.Summary));

    /// <summary>Starts the server; the CA file goes into <paramref name="directory"/>.</summary>
    public static async Task<FakeLlmServer> StartAsync(string directory, string replyText = DefaultReply)
    {
        var authority = LocalTlsAuthority.Create(directory);
        // Kestrel cannot bind port 0 on two addresses at once: find a port free on both, and retry
        // if another process takes it between the probe and the bind.
        for (var attempt = 1; ; attempt++)
        {
            var port = ProbeFreePort();
            var requests = new ConcurrentQueue<RecordedRequest>();
            var app = Build(authority.ServerCertificate, port, requests, replyText);
            try
            {
                await app.StartAsync();
                return new FakeLlmServer(app, authority, requests, port);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException && attempt < 10)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _authority.Dispose();
    }

    internal static async Task WriteJsonAsync(HttpResponse response, int status, JsonObject body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString());
    }

    private static WebApplication Build(X509Certificate2 certificate, int port, ConcurrentQueue<RecordedRequest> requests, string replyText)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
            {
                kestrel.Listen(address, port, listen =>
                {
                    // Both, so ALPN decides: the report needs what each agent really picks.
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    // The handshake callback is where Kestrel shows the ClientHello's server name.
                    listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = handshake =>
                        {
                            handshake.Connection.Items[SniItem] = handshake.ClientHelloInfo.ServerName;
                            return ValueTask.FromResult(new SslServerAuthenticationOptions { ServerCertificate = certificate });
                        },
                    });
                });
            }
        });
        var app = builder.Build();
        app.Run(async context =>
        {
            var request = await RecordAsync(context);
            requests.Enqueue(request);
            await AnswerAsync(context, request, replyText);
        });
        return app;
    }

    private static Task AnswerAsync(HttpContext context, RecordedRequest request, string replyText)
    {
        var path = request.Path.TrimEnd('/');
        return (request.Method, path) switch
        {
            ("POST", "/v1/messages") => AnthropicMessagesApi.AnswerMessagesAsync(context, request, replyText),
            ("POST", "/v1/messages/count_tokens") => AnthropicMessagesApi.AnswerCountTokensAsync(context, request),
            ("POST", "/v1/responses") => OpenAiApi.AnswerResponsesAsync(context, request, replyText),
            ("POST", "/v1/chat/completions") => OpenAiApi.AnswerChatCompletionsAsync(context, request, replyText),
            ("GET", "/v1/models") => OpenAiApi.AnswerModelsAsync(context, "tyr-fake-model"),
            ("POST", _) when GeminiApi.TryParseCall(path, out var model, out var method) =>
                GeminiApi.AnswerAsync(context, request, model, method, replyText),
            // claude-code on node warms its connection up with a HEAD of the base URL first.
            ("HEAD", "") => Task.CompletedTask,
            // claude-code's connectivity preflight, sent unless non-essential traffic is off.
            ("HEAD" or "GET", "/api/hello") => Task.CompletedTask,
            _ => WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, new JsonObject
            {
                ["type"] = "error",
                ["error"] = new JsonObject
                {
                    ["type"] = "not_found_error",
                    ["message"] = $"the fake LLM server does not serve {request.Method} {request.Path}",
                },
            }),
        };
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        var http = context.Request;
        var tls = context.Features.Get<ITlsHandshakeFeature>();
        var alpn = context.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol;
        var sni = context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(SniItem, out var name) == true ? name as string : null;
        var headers = http.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        return new RecordedRequest(
            DateTimeOffset.UtcNow,
            http.Method,
            http.Path.Value ?? "",
            http.QueryString.Value ?? "",
            http.Host.Value ?? "",
            context.Connection.LocalIpAddress?.ToString() ?? "",
            http.Protocol,
            alpn is { Length: > 0 } protocol ? Encoding.ASCII.GetString(protocol.Span) : null,
            string.IsNullOrEmpty(sni) ? null : sni,
            tls?.Protocol.ToString(),
            headers,
            await ReadBodyAsync(http))
        {
            // Looked up while the client still holds the connection open, waiting for the answer.
            ClientExecutable = LoopbackPeerProcess.FindExecutable(context.Connection.RemotePort, context.Connection.LocalPort),
        };
    }

    private static async Task<string> ReadBodyAsync(HttpRequest http)
    {
        using var raw = new MemoryStream();
        await http.Body.CopyToAsync(raw);
        raw.Position = 0;
        Stream? decoded = http.Headers.ContentEncoding.ToString().ToUpperInvariant() switch
        {
            "GZIP" => new GZipStream(raw, CompressionMode.Decompress),
            "DEFLATE" => new ZLibStream(raw, CompressionMode.Decompress),
            "BR" => new BrotliStream(raw, CompressionMode.Decompress),
            "" or "IDENTITY" => raw,
            _ => null,
        };
        if (decoded is null)
        {
            // Still recorded, so a test failure shows the agent started compressing its bodies.
            return $"[{raw.Length} bytes in content-encoding '{http.Headers.ContentEncoding}', not decoded]";
        }

        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static int ProbeFreePort()
    {
        for (var attempt = 1; ; attempt++)
        {
            using var v6 = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            v6.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            var port = ((IPEndPoint)v6.LocalEndPoint!).Port;
            using var v4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                v4.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
                // Taken on 127.0.0.1 only: try another.
            }
        }
    }
}
