namespace Tyr.Tls.Llm;

/// <summary>
/// One HTTP request/response exchange seen on a TLS connection, reduced to whitelisted facts.
/// No header other than Host and Content-Type is ever read into it, the path's query values that may be
/// credentials are redacted, and every string passed through <see cref="Redaction.SecretScanner"/>.
/// </summary>
public sealed class LlmCall
{
    /// <summary>The request method ("POST", "GET", ...).</summary>
    public required string Method { get; init; }

    /// <summary>The request path with secret-looking query values and path tokens replaced by "[REDACTED]"; at most 2048 characters.</summary>
    public required string Path { get; init; }

    /// <summary>The Host header (name and optional port), lower-cased; null when absent or not a host name.</summary>
    public string? Host { get; init; }

    /// <summary>The API called, from the method and path.</summary>
    public LlmApi Api { get; init; }

    /// <summary>The stable name of <see cref="Api"/> ("anthropic.messages", ...).</summary>
    public string ApiName => LlmApiNames.Of(Api);

    /// <summary>The model: the JSON body's top-level "model" string, or the model in a Gemini path; null when unknown.</summary>
    public string? Model { get; init; }

    /// <summary>
    /// Whether the request asked for a streamed answer ("stream": true, Gemini's streamGenerateContent or alt=sse);
    /// null when the body was not read far enough to know. <see cref="ResponseIsEventStream"/> says what the server did.
    /// </summary>
    public bool? Stream { get; init; }

    /// <summary>The final response status (1xx interim responses skipped); 0 when no response head was seen.</summary>
    public int StatusCode { get; init; }

    /// <summary>The request's media type (e.g. "application/json"), lower-cased, without parameters.</summary>
    public string? RequestContentType { get; init; }

    /// <summary>The response's media type (e.g. "text/event-stream"), lower-cased, without parameters.</summary>
    public string? ResponseContentType { get; init; }

    /// <summary>True when the response was a server-sent event stream (text/event-stream).</summary>
    public bool ResponseIsEventStream => ResponseContentType == "text/event-stream";

    /// <summary>Request body bytes after removing chunked framing.</summary>
    public long RequestBodyBytes { get; init; }

    /// <summary>Response body bytes after removing chunked framing (still content-encoded, if it was).</summary>
    public long ResponseBodyBytes { get; init; }

    /// <summary>True when the connection ended before the response was complete (or had not started).</summary>
    public bool Truncated { get; init; }

    /// <summary>The first bytes of the request body, redacted; null unless body capture is on.</summary>
    public string? CapturedRequestBody { get; init; }

    /// <summary>The first bytes of the response body, redacted; null unless body capture is on.</summary>
    public string? CapturedResponseBody { get; init; }
}
