using System.Text;
using Tyr.Tls.Redaction;

namespace Tyr.Tls.Http;

/// <summary>
/// Parses an HTTP/1.x head (start line and header lines, RFC 9112 §2–5). Only Host, Content-Type,
/// Content-Length, Transfer-Encoding and Content-Encoding are looked at; no other header value is ever
/// turned into a string, so credentials in Authorization or x-api-key cannot reach the output.
/// </summary>
internal static class HeadParser
{
    private const int MaxMethodLength = 20;
    private const int MaxMediaTypeLength = 100;

    public static bool TryParseRequest(ReadOnlySpan<byte> head, MessageHead result, out string? error)
    {
        result.Clear();
        var lineEnd = head.IndexOf((byte)'\n');
        var line = TrimCr(head[..lineEnd]);
        if (line.SequenceEqual("PRI * HTTP/2.0"u8))
        {
            result.IsHttp2Preface = true;
            error = null;
            return true;
        }

        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace + 1)
        {
            error = "request line is not 'METHOD target HTTP/1.x'";
            return false;
        }

        var method = line[..firstSpace];
        var target = line[(firstSpace + 1)..lastSpace];
        if (!IsMethod(method))
        {
            error = "request method is not an upper-case token";
            return false;
        }

        if (!IsHttp1Version(line[(lastSpace + 1)..]))
        {
            error = "request line does not end in HTTP/1.0 or HTTP/1.1";
            return false;
        }

        foreach (var b in target)
        {
            if (b is < 0x21 or > 0x7e)
            {
                error = "request target has a byte that is not visible ASCII";
                return false;
            }
        }

        result.Method = MethodString(method);
        result.Target = Encoding.ASCII.GetString(target);
        return TryParseHeaders(head[(lineEnd + 1)..], result, out error);
    }

    public static bool TryParseResponse(ReadOnlySpan<byte> head, MessageHead result, out string? error)
    {
        result.Clear();
        var lineEnd = head.IndexOf((byte)'\n');
        var line = TrimCr(head[..lineEnd]);

        // "HTTP/1.1 200 OK"; the reason phrase may be empty.
        if (line.Length < 12 || !IsHttp1Version(line[..8]) || line[8] != (byte)' '
            || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11]) || (line.Length > 12 && line[12] != (byte)' '))
        {
            error = "status line is not 'HTTP/1.x NNN reason'";
            return false;
        }

        result.StatusCode = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        return TryParseHeaders(head[(lineEnd + 1)..], result, out error);
    }

    private static bool TryParseHeaders(ReadOnlySpan<byte> headers, MessageHead result, out string? error)
    {
        error = null;
        var lineNumber = 1;
        while (!headers.IsEmpty)
        {
            lineNumber++;
            var end = headers.IndexOf((byte)'\n');
            var line = TrimCr(end < 0 ? headers : headers[..end]);
            headers = end < 0 ? [] : headers[(end + 1)..];
            if (line.IsEmpty)
            {
                break;
            }

            if (line[0] is (byte)' ' or (byte)'\t')
            {
                error = $"header line {lineNumber} is a folded continuation (obsolete, refused)";
                return false;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                error = $"header line {lineNumber} is not 'name: value'";
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(" \t"u8);
            if (value.IndexOfAnyInRange((byte)0, (byte)8) >= 0 || value.IndexOfAnyInRange((byte)10, (byte)31) >= 0 || value.Contains((byte)127))
            {
                error = $"header line {lineNumber} has a control byte in its value";
                return false;
            }

            if (!TryApplyHeader(name, value, result, out var problem))
            {
                error = $"header line {lineNumber}: {problem}";
                return false;
            }
        }

        return true;
    }

    private static bool TryApplyHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, MessageHead result, out string? problem)
    {
        problem = null;
        if (name.Length == 4 && Ascii.EqualsIgnoreCase(name, "host"u8))
        {
            result.Host ??= HostNames.TryNormalizeHostHeader(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "content-type"u8))
        {
            result.ContentType = MediaType(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, "content-encoding"u8))
        {
            result.ContentEncoded |= !Ascii.EqualsIgnoreCase(value, "identity"u8);
        }
        else if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
        {
            if (!TryParseLength(value, out var length))
            {
                problem = "Content-Length is not a decimal number";
                return false;
            }

            if (result.ContentLength >= 0 && result.ContentLength != length)
            {
                problem = "two different Content-Length values";
                return false;
            }

            result.ContentLength = length;
        }
        else if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
        {
            var lastComma = value.LastIndexOf((byte)',');
            var last = (lastComma < 0 ? value : value[(lastComma + 1)..]).Trim(" \t"u8);
            result.Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
            result.OtherTransferEncoding = !result.Chunked;
        }

        return true;
    }

    // "application/json; charset=utf-8" → "application/json"; anything not shaped like type/subtype → null.
    private static string? MediaType(ReadOnlySpan<byte> value)
    {
        var semicolon = value.IndexOf((byte)';');
        var type = (semicolon < 0 ? value : value[..semicolon]).Trim(" \t"u8);
        var slash = type.IndexOf((byte)'/');
        if (type.Length > MaxMediaTypeLength || slash <= 0 || slash == type.Length - 1
            || !IsToken(type[..slash]) || !IsToken(type[(slash + 1)..]))
        {
            return null;
        }

        if (Ascii.EqualsIgnoreCase(type, "application/json"u8))
        {
            return "application/json";
        }

        if (Ascii.EqualsIgnoreCase(type, "text/event-stream"u8))
        {
            return "text/event-stream";
        }

        return SecretScanner.RedactThenLowerCase(Encoding.ASCII.GetString(type));
    }

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        return true;
    }

    private static string MethodString(ReadOnlySpan<byte> method) => method switch
    {
        _ when method.SequenceEqual("POST"u8) => "POST",
        _ when method.SequenceEqual("GET"u8) => "GET",
        _ when method.SequenceEqual("HEAD"u8) => "HEAD",
        _ when method.SequenceEqual("PUT"u8) => "PUT",
        _ when method.SequenceEqual("DELETE"u8) => "DELETE",
        _ when method.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => Encoding.ASCII.GetString(method),
    };

    internal static bool IsMethod(ReadOnlySpan<byte> method)
    {
        if (method.IsEmpty || method.Length > MaxMethodLength)
        {
            return false;
        }

        foreach (var b in method)
        {
            if (b is < (byte)'A' or > (byte)'Z')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHttp1Version(ReadOnlySpan<byte> version) =>
        version.SequenceEqual("HTTP/1.1"u8) || version.SequenceEqual("HTTP/1.0"u8);

    private static bool IsToken(ReadOnlySpan<byte> token)
    {
        foreach (var b in token)
        {
            var ok = b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+'
                or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~';
            if (!ok)
            {
                return false;
            }
        }

        return !token.IsEmpty;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
