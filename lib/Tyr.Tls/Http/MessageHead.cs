namespace Tyr.Tls.Http;

/// <summary>What we read from a request or response head: the start line and the few headers we need.</summary>
internal sealed class MessageHead
{
    public string Method { get; set; } = string.Empty;

    /// <summary>The request target as sent (origin or absolute form); not yet redacted.</summary>
    public string Target { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public bool IsHttp2Preface { get; set; }

    public string? Host { get; set; }

    public string? ContentType { get; set; }

    /// <summary>-1 when absent.</summary>
    public long ContentLength { get; set; } = -1;

    public bool Chunked { get; set; }

    /// <summary>A Transfer-Encoding whose last coding is not chunked.</summary>
    public bool OtherTransferEncoding { get; set; }

    public bool ContentEncoded { get; set; }

    public void Clear()
    {
        Method = Target = string.Empty;
        StatusCode = 0;
        IsHttp2Preface = Chunked = OtherTransferEncoding = ContentEncoded = false;
        Host = ContentType = null;
        ContentLength = -1;
    }
}
