namespace Tyr.Daemon.Metrics;

/// <summary>Where the stream to the server is, as <c>tyrd_stream_state{state=...}</c> reports it.</summary>
internal enum StreamState
{
    /// <summary>Opening a stream (TLS, then the server's first message).</summary>
    Connecting,

    /// <summary>The server answered: events flow.</summary>
    Connected,

    /// <summary>The last stream ended; waiting before the next attempt.</summary>
    Backoff,
}
