namespace Tyr.Tls.ClientHellos;

/// <summary>What <see cref="ClientHello.TryParse"/> made of a socket's first bytes.</summary>
public enum ClientHelloParseResult
{
    /// <summary>A complete TLS ClientHello; the info is filled in.</summary>
    ClientHello,

    /// <summary>The bytes do not start a TLS handshake record (plain HTTP, SSH, SSLv2-style hello, ...).</summary>
    NotTls,

    /// <summary>A TLS handshake record so far, but the ClientHello is not complete yet: call again with more bytes.</summary>
    Incomplete,

    /// <summary>A TLS record whose ClientHello is inconsistent (lengths that do not add up, wrong handshake type).</summary>
    Malformed,
}
