using System.Buffers;
using System.Buffers.Binary;

using Tyr.Tls.Redaction;

namespace Tyr.Tls.ClientHellos;

/// <summary>
/// Reads SNI and ALPN out of the first bytes a TLS client writes on a socket (RFC 8446 §4.1.2, RFC 6066 §3, RFC 7301).
/// Every length is checked against what is left before it is used, so hostile bytes give
/// <see cref="ClientHelloParseResult.Malformed"/> or <see cref="ClientHelloParseResult.NotTls"/>, never an exception.
/// </summary>
public static class ClientHello
{
    private const byte HandshakeRecord = 0x16;
    private const byte ClientHelloType = 0x01;
    private const int RecordHeaderLength = 5;
    private const int HandshakeHeaderLength = 4;

    // RFC 8446 §5.1: a plaintext record carries at most 2^14 bytes; 2048 more is tolerated for old stacks.
    private const int MaxRecordLength = (1 << 14) + 2048;

    // Real ClientHellos are 200 B – 2 KiB (post-quantum key shares included); a bound keeps reassembly cheap.
    private const int MaxClientHelloLength = 64 * 1024;

    private const ushort ServerNameExtension = 0;
    private const ushort AlpnExtension = 16;
    private const ushort SupportedVersionsExtension = 43;
    private const int MaxAlpnEntries = 16;

    /// <summary>Parses the ClientHello at the start of <paramref name="firstBytes"/> (one or more TLS records).</summary>
    /// <param name="firstBytes">The first bytes the client wrote on the connection.</param>
    /// <param name="info">The facts read, when the result is <see cref="ClientHelloParseResult.ClientHello"/>; otherwise null.</param>
    public static ClientHelloParseResult TryParse(ReadOnlySpan<byte> firstBytes, out ClientHelloInfo? info)
    {
        info = null;
        var start = ClassifyRecordStart(firstBytes);
        if (start != ClientHelloParseResult.ClientHello)
        {
            return start;
        }

        var firstRecordLength = BinaryPrimitives.ReadUInt16BigEndian(firstBytes[3..]);
        if (firstRecordLength is 0 or > MaxRecordLength)
        {
            return ClientHelloParseResult.Malformed;
        }

        var firstPayload = firstBytes[RecordHeaderLength..];
        if (firstPayload.Length < HandshakeHeaderLength)
        {
            return firstRecordLength < HandshakeHeaderLength ? ClientHelloParseResult.Malformed : ClientHelloParseResult.Incomplete;
        }

        if (firstPayload[0] != ClientHelloType)
        {
            return ClientHelloParseResult.Malformed;
        }

        var helloLength = (firstPayload[1] << 16) | (firstPayload[2] << 8) | firstPayload[3];
        if (helloLength > MaxClientHelloLength)
        {
            return ClientHelloParseResult.Malformed;
        }

        var handshakeLength = HandshakeHeaderLength + helloLength;
        if (handshakeLength <= firstRecordLength)
        {
            if (firstPayload.Length < handshakeLength)
            {
                return ClientHelloParseResult.Incomplete;
            }

            return ParseBody(firstPayload.Slice(HandshakeHeaderLength, helloLength), out info);
        }

        return ParseFragmented(firstBytes, handshakeLength, out info);
    }

    private static ClientHelloParseResult ClassifyRecordStart(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 1 && bytes[0] != HandshakeRecord)
        {
            return ClientHelloParseResult.NotTls;
        }

        // Record version: major 3, minor 0 (SSL 3.0) to 4; anything else is not a TLS record.
        if ((bytes.Length >= 2 && bytes[1] != 3) || (bytes.Length >= 3 && bytes[2] > 4))
        {
            return ClientHelloParseResult.NotTls;
        }

        return bytes.Length < RecordHeaderLength ? ClientHelloParseResult.Incomplete : ClientHelloParseResult.ClientHello;
    }

    // A ClientHello may be split over several handshake records (RFC 8446 §5.1); join their payloads.
    private static ClientHelloParseResult ParseFragmented(ReadOnlySpan<byte> bytes, int handshakeLength, out ClientHelloInfo? info)
    {
        info = null;
        var joined = ArrayPool<byte>.Shared.Rent(handshakeLength);
        try
        {
            var have = 0;
            var rest = bytes;
            while (have < handshakeLength)
            {
                var start = ClassifyRecordStart(rest);
                if (start == ClientHelloParseResult.NotTls)
                {
                    return ClientHelloParseResult.Malformed;
                }

                if (start == ClientHelloParseResult.Incomplete)
                {
                    return ClientHelloParseResult.Incomplete;
                }

                var recordLength = BinaryPrimitives.ReadUInt16BigEndian(rest[3..]);
                if (recordLength is 0 or > MaxRecordLength)
                {
                    return ClientHelloParseResult.Malformed;
                }

                var payload = rest[RecordHeaderLength..];
                var take = Math.Min(recordLength, handshakeLength - have);
                if (payload.Length < take)
                {
                    return ClientHelloParseResult.Incomplete;
                }

                payload[..take].CopyTo(joined.AsSpan(have));
                have += take;
                rest = payload.Length >= recordLength ? payload[recordLength..] : [];
            }

            return ParseBody(joined.AsSpan(HandshakeHeaderLength, handshakeLength - HandshakeHeaderLength), out info);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
    }

    private static ClientHelloParseResult ParseBody(ReadOnlySpan<byte> body, out ClientHelloInfo? info)
    {
        info = null;
        var reader = new SpanReader(body);
        if (!reader.TryReadUInt16(out var legacyVersion)
            || !reader.TrySkip(32)
            || !reader.TryReadVector8(out _)
            || !reader.TryReadVector16(out var cipherSuites) || cipherSuites.Length % 2 != 0
            || !reader.TryReadVector8(out _))
        {
            return ClientHelloParseResult.Malformed;
        }

        string? serverName = null;
        var alpn = new List<string>();
        var offersTls13 = false;

        // Extensions are optional before TLS 1.3; a hello without them is still a hello.
        if (!reader.AtEnd)
        {
            if (!reader.TryReadVector16(out var extensions) || !reader.AtEnd)
            {
                return ClientHelloParseResult.Malformed;
            }

            var extReader = new SpanReader(extensions);
            while (!extReader.AtEnd)
            {
                if (!extReader.TryReadUInt16(out var type) || !extReader.TryReadVector16(out var data))
                {
                    return ClientHelloParseResult.Malformed;
                }

                var ok = type switch
                {
                    ServerNameExtension => TryReadServerName(data, out serverName),
                    AlpnExtension => TryReadAlpn(data, alpn),
                    SupportedVersionsExtension => TryReadSupportedVersions(data, out offersTls13),
                    _ => true,
                };
                if (!ok)
                {
                    return ClientHelloParseResult.Malformed;
                }
            }
        }

        info = new ClientHelloInfo(serverName, alpn, legacyVersion, offersTls13);
        return ClientHelloParseResult.ClientHello;
    }

    private static bool TryReadServerName(ReadOnlySpan<byte> data, out string? serverName)
    {
        serverName = null;
        var reader = new SpanReader(data);
        if (!reader.TryReadVector16(out var list) || !reader.AtEnd)
        {
            return false;
        }

        var entries = new SpanReader(list);
        while (!entries.AtEnd)
        {
            if (!entries.TryReadByte(out var nameType) || !entries.TryReadVector16(out var name))
            {
                return false;
            }

            // RFC 6066: host_name (0) is the only defined type; one per type.
            if (nameType == 0 && serverName is null)
            {
                serverName = HostNames.TryNormalize(name);
            }
        }

        return true;
    }

    private static bool TryReadAlpn(ReadOnlySpan<byte> data, List<string> alpn)
    {
        var reader = new SpanReader(data);
        if (!reader.TryReadVector16(out var list) || !reader.AtEnd)
        {
            return false;
        }

        var entries = new SpanReader(list);
        while (!entries.AtEnd)
        {
            if (!entries.TryReadVector8(out var protocol))
            {
                return false;
            }

            if (alpn.Count < MaxAlpnEntries && protocol.Length > 0 && IsPrintableAscii(protocol))
            {
                alpn.Add(AlpnName(protocol));
            }
        }

        return true;
    }

    private static bool TryReadSupportedVersions(ReadOnlySpan<byte> data, out bool offersTls13)
    {
        offersTls13 = false;
        var reader = new SpanReader(data);
        if (!reader.TryReadVector8(out var versions) || !reader.AtEnd || versions.Length % 2 != 0)
        {
            return false;
        }

        for (var i = 0; i < versions.Length; i += 2)
        {
            offersTls13 |= versions[i] == 3 && versions[i + 1] == 4;
        }

        return true;
    }

    private static string AlpnName(ReadOnlySpan<byte> protocol) => protocol switch
    {
        [(byte)'h', (byte)'2'] => "h2",
        _ when protocol.SequenceEqual("http/1.1"u8) => "http/1.1",
        _ => System.Text.Encoding.ASCII.GetString(protocol),
    };

    private static bool IsPrintableAscii(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is < 0x21 or > 0x7e)
            {
                return false;
            }
        }

        return true;
    }
}
