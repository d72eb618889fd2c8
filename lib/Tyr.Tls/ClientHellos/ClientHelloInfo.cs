namespace Tyr.Tls.ClientHellos;

/// <summary>The facts a ClientHello gives away in the clear.</summary>
/// <param name="ServerName">The SNI host name, lower-cased, when the client sent one that is a valid DNS name; null for none (a connection to an IP address) or an invalid one.</param>
/// <param name="Alpn">The ALPN protocols offered, in the client's order (e.g. "h2", "http/1.1"); entries that are not printable ASCII are left out.</param>
/// <param name="LegacyVersion">The ClientHello's legacy_version field (0x0303 = TLS 1.2; TLS 1.3 clients send 0x0303 too).</param>
/// <param name="OffersTls13">True when the supported_versions extension lists TLS 1.3 (0x0304).</param>
public sealed record ClientHelloInfo(string? ServerName, IReadOnlyList<string> Alpn, ushort LegacyVersion, bool OffersTls13);
