namespace Tyr.Tls.Http;

/// <summary>Where an <see cref="HttpExchangeReader"/> stands with its connection.</summary>
public enum HttpReaderState
{
    /// <summary>Reading HTTP/1.1; calls complete as responses end.</summary>
    Reading,

    /// <summary>The client sent the HTTP/2 connection preface: the connection speaks h2, which is not parsed.</summary>
    Http2NotParsed,

    /// <summary>The bytes stopped being HTTP/1.1 we can follow; <see cref="HttpExchangeReader.Problem"/> says where. Later bytes are ignored.</summary>
    GaveUp,

    /// <summary><see cref="HttpExchangeReader.OnClose"/> was called.</summary>
    Closed,
}
