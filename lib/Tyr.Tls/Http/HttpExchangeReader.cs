using System.Diagnostics.CodeAnalysis;
using Tyr.Tls.Llm;
using Tyr.Tls.Redaction;

namespace Tyr.Tls.Http;

/// <summary>
/// Follows one TLS connection's HTTP/1.1 plaintext — what the client wrote (SSL_write) and what it read back
/// (SSL_read), in whatever chunks they came — and yields an <see cref="LlmCall"/> per finished exchange.
/// Handles Content-Length and chunked bodies, keep-alive and pipelining. Never throws on the bytes: anything
/// it cannot follow moves it to <see cref="HttpReaderState.GaveUp"/> with a <see cref="Problem"/> naming the place.
/// Not thread-safe: one reader per connection, fed from one thread.
/// </summary>
/// <remarks>
/// Memory per connection is bounded: two head buffers of at most 16 KiB (grown only as a head needs, kept for reuse),
/// a JSON carry of at most <see cref="HttpExchangeReaderOptions.JsonScanLimitBytes"/> (64 KiB; only while a token is cut
/// by a chunk boundary, returned when the request body ends), at most 16 requests awaiting a response (a few hundred
/// bytes each), and, only when body capture is on, 2 × <see cref="HttpExchangeReaderOptions.BodyCaptureLimitBytes"/> per
/// awaiting exchange. Worst case about 100 KiB without capture; a typical connection holds 1–3 KiB.
/// </remarks>
public sealed class HttpExchangeReader
{
    /// <summary>The longest request or response head followed; longer ones make the reader give up.</summary>
    public const int MaxHeadBytes = 16 * 1024;

    /// <summary>How many requests may await their responses (pipelining) before the reader gives up.</summary>
    public const int MaxAwaitingExchanges = 16;

    private readonly HttpExchangeReaderOptions _options;
    private readonly HeadAccumulator _requestHead = new(MaxHeadBytes);
    private readonly HeadAccumulator _responseHead = new(MaxHeadBytes);
    private readonly BodyFramer _requestBody = new();
    private readonly BodyFramer _responseBody = new();
    private readonly MessageHead _head = new();
    private readonly JsonRequestProbe _probe;
    private readonly List<PendingExchange> _awaiting = [];
    private readonly Queue<LlmCall> _completed = new();
    private PendingExchange? _requestInBody;
    private PendingExchange? _responseInBody;
    private int _requestsSeen;
    private int _responsesSeen;

    /// <summary>A reader with <see cref="HttpExchangeReaderOptions.Default"/>.</summary>
    public HttpExchangeReader()
        : this(HttpExchangeReaderOptions.Default)
    {
    }

    /// <summary>A reader with the given limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public HttpExchangeReader(HttpExchangeReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _probe = new JsonRequestProbe(options.JsonScanLimitBytes);
    }

    /// <summary>Where the reader stands; only <see cref="HttpReaderState.Reading"/> takes more bytes.</summary>
    public HttpReaderState State { get; private set; }

    /// <summary>Why the reader gave up ("client request 2: header line 3 is not 'name: value'"); null otherwise.</summary>
    public string? Problem { get; private set; }

    /// <summary>Finished calls not yet taken with <see cref="TryTakeCall"/>.</summary>
    public int CompletedCount => _completed.Count;

    /// <summary>Feeds bytes the client wrote (SSL_write plaintext). Returns how many calls these bytes completed.</summary>
    public int OnClientBytes(ReadOnlySpan<byte> bytes)
    {
        var before = _completed.Count;
        while (!bytes.IsEmpty && State == HttpReaderState.Reading)
        {
            var consumed = _requestInBody is null ? ReadRequestHead(bytes) : ReadRequestBody(bytes);
            bytes = bytes[consumed..];
        }

        return _completed.Count - before;
    }

    /// <summary>Feeds bytes the client read (SSL_read plaintext). Returns how many calls these bytes completed.</summary>
    public int OnServerBytes(ReadOnlySpan<byte> bytes)
    {
        var before = _completed.Count;
        while (!bytes.IsEmpty && State == HttpReaderState.Reading)
        {
            var consumed = _responseInBody is null ? ReadResponseHead(bytes) : ReadResponseBody(bytes);
            bytes = bytes[consumed..];
        }

        return _completed.Count - before;
    }

    /// <summary>
    /// The client wrote <paramref name="byteCount"/> bytes that were not captured (the kernel copies a bounded prefix of
    /// each write). Inside a body they are counted and skipped — "model"/"stream" after them become unknown and a body
    /// capture stops there; anywhere else the reader cannot follow and gives up. Returns how many calls this completed.
    /// </summary>
    public int OnClientGap(long byteCount)
    {
        var before = _completed.Count;
        if (State != HttpReaderState.Reading || byteCount <= 0)
        {
            return 0;
        }

        var exchange = _requestInBody;
        if (exchange is null || !_requestBody.TrySkip(byteCount))
        {
            GiveUp(0, $"client request {_requestsSeen + (exchange is null ? 1 : 0)}: {byteCount} bytes were not captured outside body data");
            return 0;
        }

        exchange.RequestBodyBytes += byteCount;
        exchange.RequestCapture?.Stop();
        _probe.Finish();
        if (_requestBody.IsComplete)
        {
            FinishRequest();
        }

        return _completed.Count - before;
    }

    /// <summary>The server-side twin of <see cref="OnClientGap"/>: bytes the client read that were not captured.</summary>
    public int OnServerGap(long byteCount)
    {
        var before = _completed.Count;
        if (State != HttpReaderState.Reading || byteCount <= 0)
        {
            return 0;
        }

        var exchange = _responseInBody;
        if (exchange is null || !_responseBody.TrySkip(byteCount))
        {
            GiveUp(0, $"server response {_responsesSeen + (exchange is null ? 1 : 0)}: {byteCount} bytes were not captured outside body data");
            return 0;
        }

        exchange.ResponseBodyBytes += byteCount;
        exchange.ResponseCapture?.Stop();
        if (_responseBody.IsComplete)
        {
            FinishResponse();
        }

        return _completed.Count - before;
    }

    /// <summary>
    /// The connection ended: a response delimited by the close completes, and requests still awaiting a response
    /// are yielded with <see cref="LlmCall.Truncated"/> set. Returns how many calls this completed.
    /// </summary>
    public int OnClose()
    {
        var before = _completed.Count;
        if (State == HttpReaderState.Reading && _responseInBody is not null && _responseBody.EndsAtClose)
        {
            _responseBody.Close();
            FinishResponse();
        }

        foreach (var exchange in _awaiting)
        {
            _completed.Enqueue(exchange.ToCall(truncated: !exchange.ResponseComplete));
        }

        _awaiting.Clear();
        _requestInBody = _responseInBody = null;
        _probe.Finish();
        if (State == HttpReaderState.Reading)
        {
            State = HttpReaderState.Closed;
        }

        return _completed.Count - before;
    }

    /// <summary>Takes the oldest finished call.</summary>
    public bool TryTakeCall([NotNullWhen(true)] out LlmCall? call) => _completed.TryDequeue(out call);

    private int ReadRequestHead(ReadOnlySpan<byte> bytes)
    {
        var step = _requestHead.Take(bytes, out var consumed, out var head);
        if (step == HeadAccumulator.Step.NeedMore)
        {
            CheckRequestStart(_requestHead.Buffered);
            return consumed;
        }

        if (step == HeadAccumulator.Step.TooLarge)
        {
            return GiveUp(bytes.Length, $"client request {_requestsSeen + 1}: head longer than {MaxHeadBytes} bytes");
        }

        _requestsSeen++;
        if (!HeadParser.TryParseRequest(head, _head, out var error))
        {
            return GiveUp(bytes.Length, $"client request {_requestsSeen}: {error}");
        }

        if (_head.IsHttp2Preface)
        {
            State = HttpReaderState.Http2NotParsed;
            Problem = "client sent the HTTP/2 connection preface; h2 is not parsed";
            return bytes.Length;
        }

        if (_head.Method == "CONNECT")
        {
            return GiveUp(bytes.Length, $"client request {_requestsSeen}: CONNECT tunnels are not followed");
        }

        if (_awaiting.Count >= MaxAwaitingExchanges)
        {
            return GiveUp(bytes.Length, $"client request {_requestsSeen}: more than {MaxAwaitingExchanges} requests await a response");
        }

        StartRequest();
        return consumed;
    }

    private void StartRequest()
    {
        SplitTarget(_head.Target, out var authority, out var path);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var pathOnly = query < 0 ? path : path[..query];
        var api = ApiClassifier.Classify(_head.Method, pathOnly, out var pathModel, out var pathStreams);
        var exchange = new PendingExchange
        {
            Method = _head.Method,
            Path = PathRedactor.Redact(path),
            Host = _head.Host ?? (authority is null ? null : HostNames.TryNormalizeHostHeader(System.Text.Encoding.ASCII.GetBytes(authority))),
            Api = api,
            PathModel = pathModel,
            PathStreams = pathStreams || (query >= 0 && HasAltSse(path.AsSpan(query + 1))),
            RequestContentType = _head.ContentType,
            RequestCapture = _options.BodyCaptureLimitBytes > 0 ? new BoundedCapture(_options.BodyCaptureLimitBytes) : null,
        };
        _awaiting.Add(exchange);

        if (_head.OtherTransferEncoding)
        {
            GiveUp(0, $"client request {_requestsSeen}: a Transfer-Encoding other than chunked cannot be framed");
            return;
        }

        if (_head.Chunked)
        {
            _requestBody.StartChunked();
        }
        else
        {
            _requestBody.StartLength(Math.Max(0, _head.ContentLength));
        }

        _probe.Reset();
        if (_head.ContentEncoded || api == LlmApi.GeminiGenerateContent)
        {
            _probe.Finish();
        }

        _requestInBody = exchange;
        if (_requestBody.IsComplete)
        {
            FinishRequest();
        }
    }

    private int ReadRequestBody(ReadOnlySpan<byte> bytes)
    {
        var consumed = _requestBody.Read(bytes, out var data, out var error);
        if (consumed < 0)
        {
            return GiveUp(bytes.Length, $"client request {_requestsSeen} body: {error}");
        }

        var exchange = _requestInBody!;
        if (!data.IsEmpty)
        {
            exchange.RequestBodyBytes += data.Length;
            _probe.Feed(data);
            exchange.RequestCapture?.Append(data);
        }

        if (_requestBody.IsComplete)
        {
            FinishRequest();
        }

        return consumed;
    }

    private void FinishRequest()
    {
        var exchange = _requestInBody!;
        _requestInBody = null;
        exchange.RequestComplete = true;
        exchange.Model = exchange.PathModel ?? _probe.Model;
        exchange.Stream = exchange.Api == LlmApi.GeminiGenerateContent ? exchange.PathStreams : _probe.Stream;
        _probe.Finish();
        EmitFinished();
    }

    private int ReadResponseHead(ReadOnlySpan<byte> bytes)
    {
        var step = _responseHead.Take(bytes, out var consumed, out var head);
        if (step == HeadAccumulator.Step.NeedMore)
        {
            CheckResponseStart(_responseHead.Buffered);
            return consumed;
        }

        if (step == HeadAccumulator.Step.TooLarge)
        {
            return GiveUp(bytes.Length, $"server response {_responsesSeen + 1}: head longer than {MaxHeadBytes} bytes");
        }

        _responsesSeen++;
        if (!HeadParser.TryParseResponse(head, _head, out var error))
        {
            return GiveUp(bytes.Length, $"server response {_responsesSeen}: {error}");
        }

        var exchange = _awaiting.Find(e => !e.ResponseStarted);
        if (exchange is null)
        {
            return GiveUp(bytes.Length, $"server response {_responsesSeen}: no request awaits it (capture began mid-connection?)");
        }

        // Interim responses (100 Continue, 103 Early Hints) precede the final one.
        if (_head.StatusCode is >= 100 and < 200 and not 101)
        {
            _responsesSeen--;
            return consumed;
        }

        exchange.ResponseStarted = true;
        exchange.StatusCode = _head.StatusCode;
        exchange.ResponseContentType = _head.ContentType;
        exchange.ResponseCapture = _options.BodyCaptureLimitBytes > 0 ? new BoundedCapture(_options.BodyCaptureLimitBytes) : null;
        _responseInBody = exchange;

        if (_head.StatusCode == 101)
        {
            _responseBody.StartEmpty();
            FinishResponse();
            return GiveUp(bytes.Length, $"server response {_responsesSeen}: switched protocols (101); the rest is not HTTP/1.1");
        }

        if (exchange.Method == "HEAD" || _head.StatusCode is 204 or 304)
        {
            _responseBody.StartEmpty();
        }
        else if (_head.Chunked)
        {
            _responseBody.StartChunked();
        }
        else if (_head.OtherTransferEncoding || _head.ContentLength < 0)
        {
            _responseBody.StartUntilClose();
        }
        else
        {
            _responseBody.StartLength(_head.ContentLength);
        }

        if (_responseBody.IsComplete)
        {
            FinishResponse();
        }

        return consumed;
    }

    private int ReadResponseBody(ReadOnlySpan<byte> bytes)
    {
        var consumed = _responseBody.Read(bytes, out var data, out var error);
        if (consumed < 0)
        {
            return GiveUp(bytes.Length, $"server response {_responsesSeen} body: {error}");
        }

        var exchange = _responseInBody!;
        if (!data.IsEmpty)
        {
            exchange.ResponseBodyBytes += data.Length;
            exchange.ResponseCapture?.Append(data);
        }

        if (_responseBody.IsComplete)
        {
            FinishResponse();
        }

        return consumed;
    }

    private void FinishResponse()
    {
        _responseInBody!.ResponseComplete = true;
        _responseInBody = null;
        EmitFinished();
    }

    // Calls leave in request order, once both halves have ended.
    private void EmitFinished()
    {
        while (_awaiting.Count > 0 && _awaiting[0].RequestComplete && _awaiting[0].ResponseComplete)
        {
            _completed.Enqueue(_awaiting[0].ToCall(truncated: false));
            _awaiting.RemoveAt(0);
        }
    }

    // Give up early on bytes that cannot start a request, instead of buffering 16 KiB of garbage.
    private void CheckRequestStart(ReadOnlySpan<byte> buffered)
    {
        ReadOnlySpan<byte> preface = "PRI * HTTP/2.0"u8;
        var n = Math.Min(buffered.Length, preface.Length);
        if (n > 0 && buffered[..n].SequenceEqual(preface[..n]))
        {
            if (n == preface.Length)
            {
                State = HttpReaderState.Http2NotParsed;
                Problem = "client sent the HTTP/2 connection preface; h2 is not parsed";
            }

            return;
        }

        var space = buffered.IndexOf((byte)' ');
        var method = space < 0 ? buffered[..Math.Min(buffered.Length, 21)] : buffered[..space];
        if ((space == 0 || !HeadParser.IsMethod(method)) && !buffered.IsEmpty)
        {
            GiveUp(0, $"client request {_requestsSeen + 1}: bytes do not start an HTTP/1.1 request line");
        }
    }

    private void CheckResponseStart(ReadOnlySpan<byte> buffered)
    {
        ReadOnlySpan<byte> start = "HTTP/1."u8;
        var n = Math.Min(buffered.Length, start.Length);
        if (!buffered[..n].SequenceEqual(start[..n]))
        {
            GiveUp(0, $"server response {_responsesSeen + 1}: bytes do not start an HTTP/1.x status line");
        }
    }

    private int GiveUp(int consumed, string problem)
    {
        State = HttpReaderState.GaveUp;
        Problem = problem;
        _probe.Finish();
        return consumed;
    }

    // Absolute form ("https://host/path", sent to proxies) carries the authority in the target.
    private static void SplitTarget(string target, out string? authority, out string path)
    {
        authority = null;
        path = target;
        var scheme = target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? 8
            : target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? 7 : 0;
        if (scheme == 0)
        {
            return;
        }

        var slash = target.IndexOfAny(['/', '?'], scheme);
        authority = slash < 0 ? target[scheme..] : target[scheme..slash];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }

        path = slash < 0 ? "/" : target[slash] == '?' ? "/" + target[slash..] : target[slash..];
    }

    private static bool HasAltSse(ReadOnlySpan<char> query)
    {
        foreach (var range in query.Split('&'))
        {
            if (query[range].Equals("alt=sse", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
