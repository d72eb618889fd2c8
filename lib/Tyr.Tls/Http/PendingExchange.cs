using Tyr.Tls.Llm;

namespace Tyr.Tls.Http;

/// <summary>An exchange whose request head was read and whose response has not ended yet.</summary>
internal sealed class PendingExchange
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? Host { get; init; }

    public LlmApi Api { get; init; }

    public string? PathModel { get; init; }

    public bool PathStreams { get; init; }

    public string? RequestContentType { get; init; }

    public BoundedCapture? RequestCapture { get; init; }

    public string? Model { get; set; }

    public bool? Stream { get; set; }

    public long RequestBodyBytes { get; set; }

    public bool RequestComplete { get; set; }

    public bool ResponseStarted { get; set; }

    public bool ResponseComplete { get; set; }

    public int StatusCode { get; set; }

    public string? ResponseContentType { get; set; }

    public long ResponseBodyBytes { get; set; }

    public BoundedCapture? ResponseCapture { get; set; }

    public LlmCall ToCall(bool truncated) => new()
    {
        Method = Method,
        Path = Path,
        Host = Host,
        Api = Api,
        Model = Model ?? PathModel,
        Stream = Stream,
        StatusCode = StatusCode,
        RequestContentType = RequestContentType,
        ResponseContentType = ResponseContentType,
        RequestBodyBytes = RequestBodyBytes,
        ResponseBodyBytes = ResponseBodyBytes,
        Truncated = truncated,
        CapturedRequestBody = RequestCapture?.ToRedactedText(),
        CapturedResponseBody = ResponseCapture?.ToRedactedText(),
    };
}
