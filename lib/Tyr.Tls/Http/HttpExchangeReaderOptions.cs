namespace Tyr.Tls.Http;

/// <summary>Limits of an <see cref="HttpExchangeReader"/>.</summary>
public sealed class HttpExchangeReaderOptions
{
    /// <summary>The defaults: no body capture, the first 64 KiB of a request body searched for "model" and "stream".</summary>
    public static HttpExchangeReaderOptions Default { get; } = new();

    /// <summary>
    /// How many bytes of each request and response body to keep, redacted, in <see cref="Llm.LlmCall.CapturedRequestBody"/>
    /// and <see cref="Llm.LlmCall.CapturedResponseBody"/>; 0 (the default) captures nothing. At most 1 MiB.
    /// </summary>
    public int BodyCaptureLimitBytes { get; init; }

    /// <summary>How far into a JSON request body to look for top-level "model" and "stream"; beyond it they are unknown. Default 64 KiB.</summary>
    public int JsonScanLimitBytes { get; init; } = 64 * 1024;

    internal void Validate()
    {
        if (BodyCaptureLimitBytes is < 0 or > 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BodyCaptureLimitBytes), BodyCaptureLimitBytes, "must be between 0 and 1 MiB");
        }

        if (JsonScanLimitBytes is < 0 or > 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(JsonScanLimitBytes), JsonScanLimitBytes, "must be between 0 and 1 MiB");
        }
    }
}
