using System.Text;
using System.Text.Json;

namespace Tyr.TlsTests.Support;

/// <summary>
/// HTTP/1.1 exchanges shaped like the real SDKs' (headers, body field order, SSE event names), built with
/// Utf8JsonWriter so that the JSON is real JSON. Each holds what the client wrote and what it read.
/// </summary>
internal static class LlmTraffic
{
    public sealed record Exchange(byte[] Request, byte[] Response);

    /// <summary>claude-code (Anthropic TS SDK, beta messages): x-api-key, ?beta=true, stream:true last, SSE reply chunked.</summary>
    public static Exchange AnthropicMessagesStream(string apiKey, string model = "claude-sonnet-4-5-20250929", int promptBytes = 2000)
    {
        var body = Json(w =>
        {
            w.WriteString("model", model);
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", Prose(promptBytes));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("system");
            w.WriteStartObject();
            w.WriteString("type", "text");
            w.WriteString("text", "You are Claude Code, Anthropic's official CLI for Claude.");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("metadata");
            w.WriteString("user_id", "user_" + new string('a', 64) + "_account__session_0b6f6a8e-2b0e-4b8e-9a52-3c7f2a1d9e10");
            w.WriteEndObject();
            w.WriteNumber("max_tokens", 32000);
            w.WriteBoolean("stream", true);
        });
        var request = Request("POST", "/v1/messages?beta=true", "api.anthropic.com", body, contentLength: true,
            ("Accept", "application/json"),
            ("anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"),
            ("anthropic-dangerous-direct-browser-access", "true"),
            ("anthropic-version", "2023-06-01"),
            ("User-Agent", "claude-cli/2.0.14 (external, cli)"),
            ("x-api-key", apiKey),
            ("x-stainless-lang", "js"),
            ("x-stainless-retry-count", "0"),
            ("x-stainless-timeout", "600"));

        var events = new[]
        {
            ("message_start", $$$$"""{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"{{{{model}}}}","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"output_tokens":2}}}"""),
            ("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"""),
            ("ping", """{"type": "ping"}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}"""),
            ("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"! How can I help with your code today?"}}"""),
            ("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            ("message_delta", """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}"""),
            ("message_stop", """{"type":"message_stop"}"""),
        };
        var response = ChunkedResponse(200, "text/event-stream; charset=utf-8",
            events.Select(e => $"event: {e.Item1}\ndata: {e.Item2}\n\n"),
            ("request-id", "req_011CTxyz"), ("anthropic-ratelimit-requests-limit", "4000"), ("via", "1.1 google"), ("cf-ray", "98c1f2a3b4c5d6e7-FRA"));
        return new Exchange(request, response);
    }

    /// <summary>codex with an API key: POST /v1/responses, Bearer auth, model first and stream after the long input.</summary>
    public static Exchange OpenAiResponsesStream(string apiKey, string path = "/v1/responses", string model = "gpt-5-codex", int promptBytes = 3000)
    {
        var body = Json(w =>
        {
            w.WriteString("model", model);
            w.WriteString("instructions", "You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI on a user's computer.");
            w.WriteStartArray("input");
            w.WriteStartObject();
            w.WriteString("type", "message");
            w.WriteString("role", "user");
            w.WriteStartArray("content");
            w.WriteStartObject();
            w.WriteString("type", "input_text");
            w.WriteString("text", Prose(promptBytes));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("tools");
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteString("name", "shell");
            w.WriteStartObject("parameters");
            w.WriteString("type", "object");
            w.WriteStartObject("properties");
            w.WriteStartObject("command");
            w.WriteString("type", "array");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("tool_choice", "auto");
            w.WriteBoolean("parallel_tool_calls", false);
            w.WriteStartObject("reasoning");
            w.WriteString("effort", "medium");
            w.WriteString("summary", "auto");
            w.WriteEndObject();
            w.WriteBoolean("store", false);
            w.WriteBoolean("stream", true);
            w.WriteStartArray("include");
            w.WriteStringValue("reasoning.encrypted_content");
            w.WriteEndArray();
            w.WriteString("prompt_cache_key", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        });
        var request = Request("POST", path, "api.openai.com", body, contentLength: true,
            ("authorization", "Bearer " + apiKey), ("version", "0.46.0"), ("openai-beta", "responses=experimental"),
            ("session_id", "0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"), ("accept", "text/event-stream"), ("user-agent", "codex_cli_rs/0.46.0"));
        var events = new[]
        {
            ("response.created", $$$$"""{"type":"response.created","sequence_number":0,"response":{"id":"resp_68e1","object":"response","status":"in_progress","model":"{{{{model}}}}"}}"""),
            ("response.output_item.added", """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message","role":"assistant","content":[]}}"""),
            ("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":2,"output_index":0,"content_index":0,"delta":"Done."}"""),
            ("response.completed", $$$$"""{"type":"response.completed","sequence_number":3,"response":{"id":"resp_68e1","status":"completed","model":"{{{{model}}}}","usage":{"input_tokens":1200,"output_tokens":5,"total_tokens":1205}}}"""),
        };
        var response = ChunkedResponse(200, "text/event-stream; charset=utf-8",
            events.Select(e => $"event: {e.Item1}\ndata: {e.Item2}\n\n"), ("openai-processing-ms", "212"), ("x-request-id", "req_5f0c"));
        return new Exchange(request, response);
    }

    /// <summary>OpenAI-style chat completions (aider via litellm, openai-node), non-streaming, JSON reply with Content-Length.</summary>
    public static Exchange ChatCompletions(string apiKey, bool stream, string model = "gpt-4o-2024-08-06", string path = "/v1/chat/completions", string host = "api.openai.com")
    {
        var body = Json(w =>
        {
            w.WriteStartArray("messages");
            w.WriteStartObject();
            w.WriteString("role", "system");
            w.WriteString("content", "Act as an expert software developer.");
            w.WriteEndObject();
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteString("content", Prose(600));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("model", model);
            w.WriteNumber("temperature", 0);
            if (stream)
            {
                w.WriteBoolean("stream", true);
                w.WriteStartObject("stream_options");
                w.WriteBoolean("include_usage", true);
                w.WriteEndObject();
            }
        });
        var request = Request("POST", path, host, body, contentLength: true,
            ("Authorization", "Bearer " + apiKey), ("Accept", "application/json"), ("User-Agent", "OpenAI/Python 1.51.0"));
        if (stream)
        {
            var chunks = new[]
            {
                $$"""{"id":"chatcmpl-AB1","object":"chat.completion.chunk","created":1727000000,"model":"{{model}}","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
                $$"""{"id":"chatcmpl-AB1","object":"chat.completion.chunk","created":1727000000,"model":"{{model}}","choices":[{"index":0,"delta":{"content":"Sure"},"finish_reason":null}]}""",
                $$"""{"id":"chatcmpl-AB1","object":"chat.completion.chunk","created":1727000000,"model":"{{model}}","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
                "[DONE]",
            };
            return new Exchange(request, ChunkedResponse(200, "text/event-stream", chunks.Select(c => $"data: {c}\n\n")));
        }

        var reply = $$$$"""{"id":"chatcmpl-AB2","object":"chat.completion","created":1727000000,"model":"{{{{model}}}}","choices":[{"index":0,"message":{"role":"assistant","content":"Sure, here is the change."},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":7,"total_tokens":127}}""";
        return new Exchange(request, LengthResponse(200, "application/json", reply));
    }

    /// <summary>Gemini (google-genai / gemini-cli with an API key in the query, as the REST docs show).</summary>
    public static Exchange GeminiGenerateContent(string apiKey, bool stream, string model = "gemini-2.5-pro")
    {
        var body = Json(w =>
        {
            w.WriteStartArray("contents");
            w.WriteStartObject();
            w.WriteString("role", "user");
            w.WriteStartArray("parts");
            w.WriteStartObject();
            w.WriteString("text", Prose(800));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("generationConfig");
            w.WriteNumber("temperature", 0);
            w.WriteEndObject();
        });
        var path = stream
            ? $"/v1beta/models/{model}:streamGenerateContent?alt=sse&key={apiKey}"
            : $"/v1beta/models/{model}:generateContent?key={apiKey}";
        var request = Request("POST", path, "generativelanguage.googleapis.com", body, contentLength: true,
            ("x-goog-api-client", "google-genai-sdk/1.20.0 gl-node/v20.19.0"), ("Content-Type", "application/json"));
        var candidate = """{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":210,"candidatesTokenCount":1},"modelVersion":"gemini-2.5-pro"}""";
        var response = stream
            ? ChunkedResponse(200, "text/event-stream", [$"data: {candidate}\r\n\r\n", $"data: {candidate}\r\n\r\n"])
            : ChunkedResponse(200, "application/json; charset=UTF-8", [candidate]);
        return new Exchange(request, response);
    }

    /// <summary>GET /v1/models: a model list, no body.</summary>
    public static Exchange ModelList(string apiKey, string host = "api.anthropic.com") =>
        new(Request("GET", "/v1/models?limit=1000", host, null, contentLength: false, ("x-api-key", apiKey), ("anthropic-version", "2023-06-01")),
            LengthResponse(200, "application/json", """{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929"}],"has_more":false}"""));

    public static byte[] Request(string method, string target, string host, byte[]? body, bool contentLength, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        head.Append("host: ").Append(host).Append("\r\n");
        head.Append("connection: keep-alive\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (body is null)
        {
            return Encoding.UTF8.GetBytes(head.Append("\r\n").ToString());
        }

        if (!headers.Any(h => h.Name.Equals("content-type", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("content-type: application/json\r\n");
        }

        if (contentLength)
        {
            head.Append("content-length: ").Append(body.Length).Append("\r\n\r\n");
            return [.. Encoding.UTF8.GetBytes(head.ToString()), .. body];
        }

        head.Append("transfer-encoding: chunked\r\n\r\n");
        var half = body.Length / 2;
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. Chunk(body[..half]), .. Chunk(body[half..]), .. "0\r\n\r\n"u8];
    }

    public static byte[] ChunkedResponse(int status, string contentType, IEnumerable<string> pieces, params (string Name, string Value)[] headers)
    {
        var output = new List<byte>(Encoding.ASCII.GetBytes(ResponseHead(status, contentType, headers) + "transfer-encoding: chunked\r\n\r\n"));
        foreach (var piece in pieces)
        {
            output.AddRange(Chunk(Encoding.UTF8.GetBytes(piece)));
        }

        output.AddRange("0\r\n\r\n"u8.ToArray());
        return [.. output];
    }

    public static byte[] LengthResponse(int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return [.. Encoding.ASCII.GetBytes(ResponseHead(status, contentType, []) + $"content-length: {bytes.Length}\r\n\r\n"), .. bytes];
    }

    public static byte[] Json(Action<Utf8JsonWriter> properties)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            properties(writer);
            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <summary>Text that reads like a prompt (with quotes, newlines and non-ASCII so JSON escaping is exercised).</summary>
    public static string Prose(int bytes)
    {
        const string sentence = "Refactor the \"parser\" in src/tls.rs so that it never panics on hostile input — keep the API.\n";
        var builder = new StringBuilder(bytes + sentence.Length);
        while (builder.Length < bytes)
        {
            builder.Append(sentence);
        }

        return builder.ToString();
    }

    private static string ResponseHead(int status, string contentType, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\n");
        head.Append("Date: Mon, 24 Nov 2025 10:00:00 GMT\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append("Connection: keep-alive\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        return head.ToString();
    }

    private static byte[] Chunk(byte[] data) =>
        [.. Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"), .. data, .. "\r\n"u8];
}
