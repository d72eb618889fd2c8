using System.Globalization;
using System.Net;

namespace Tyr.Policy;

/// <summary>Validates the text of single match values. Each returns null and an explanation when the text is refused.</summary>
internal static class MatchValues
{
    private const int MaxHostNameLength = 253;
    private const int MaxLabelLength = 63;

    public static PathPattern? Path(string text, out string? error)
    {
        error = CheckPathShape(text, "path pattern");
        if (error is not null)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (c is '?' or '[' or '{')
            {
                error = $"path pattern `{text}` uses `{c}`: only `*` is supported as a wildcard";
                return null;
            }
        }

        var star = text.IndexOf('*', StringComparison.Ordinal);
        var kind = star < 0 ? PathPatternKind.Exact
            : star == text.Length - 1 ? PathPatternKind.Prefix
            : PathPatternKind.Glob;
        return new PathPattern(text, text[0] == '~', kind);
    }

    public static string? Binary(string text, out string? error)
    {
        if (text.Length == 0 || text[0] != '/')
        {
            error = $"binary `{text}` must be an absolute path (starting with `/`)";
            return null;
        }

        error = CheckPathShape(text, "binary");
        if (error is not null)
        {
            return null;
        }

        if (text.AsSpan().IndexOfAny("*?[{") >= 0)
        {
            error = $"binary `{text}` must be an exact path: wildcards are not allowed (use `paths` for patterns)";
            return null;
        }

        if (text.EndsWith('/'))
        {
            error = $"binary `{text}` must name a file, not a directory";
            return null;
        }

        return text;
    }

    public static CidrRange? Cidr(string text, out string? error)
    {
        error = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);

        // Zone ids (`%eth0`) name an interface, not a network.
        if (addressText.IndexOf('%') < 0 && IsPlainAddressForm(addressText) && IPAddress.TryParse(addressText, out var address))
        {
            var bits = address.GetAddressBytes().Length * 8;
            if (slash < 0)
            {
                return new CidrRange(new IPNetwork(address, bits));
            }

            if (int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= bits)
            {
                var masked = Masked(address, prefix);
                if (!masked.Equals(address))
                {
                    error = $"`{text}` has bits set after the /{prefix} prefix; did you mean `{masked}/{prefix}`?";
                    return null;
                }

                return new CidrRange(new IPNetwork(address, prefix));
            }
        }

        error = $"`{text}` is not an IPv4 or IPv6 address or CIDR range (e.g. `10.0.0.0/8`, `fd00::/8`, `169.254.169.254`)";
        return null;
    }

    public static PortRange? Port(string text, out string? error)
    {
        error = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            if (!TryPort(text, out var port))
            {
                error = $"`{text}` is not a port: expected 1..65535 or a range \"lo-hi\"";
                return null;
            }

            return new PortRange(port, port);
        }

        if (!TryPort(text[..dash], out var low) || !TryPort(text[(dash + 1)..], out var high))
        {
            error = $"`{text}` is not a port range: expected \"lo-hi\" with ports in 1..65535";
            return null;
        }

        if (low > high)
        {
            error = $"port range `{text}` is empty: the low port must not exceed the high port";
            return null;
        }

        return new PortRange(low, high);
    }

    public static SniPattern? Sni(string text, out string? error)
    {
        error = null;
        var wildcard = text.StartsWith("*.", StringComparison.Ordinal);
        var host = wildcard ? text[2..] : text;
        if (host.Contains('*', StringComparison.Ordinal) || text == "*")
        {
            error = $"server name `{text}`: `*` is only allowed as a whole leading label (`*.example.com`)";
            return null;
        }

        var problem = CheckHostName(host);
        if (problem is not null)
        {
            error = $"server name `{text}` {problem}";
            return null;
        }

        return new SniPattern(text.ToLowerInvariant(), wildcard);
    }

    private static string? CheckPathShape(string text, string what)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return $"{what} must not contain a NUL character";
        }

        if (!(text.StartsWith('/') || text.StartsWith("~/", StringComparison.Ordinal)))
        {
            return $"{what} `{text}` must be absolute (`/...`) or home-relative (`~/...`)";
        }

        if (text.IndexOf('~', 1) >= 0)
        {
            return $"{what} `{text}`: `~` is only allowed as the first character, followed by `/`";
        }

        if (text.Contains("//", StringComparison.Ordinal))
        {
            return $"{what} `{text}` must not contain `//`";
        }

        foreach (var segment in text.Split('/'))
        {
            if (segment is "." or "..")
            {
                return $"{what} `{text}` must not contain `.` or `..` segments";
            }
        }

        return null;
    }

    private static string? CheckHostName(string host)
    {
        if (host.Length == 0)
        {
            return "is empty";
        }

        if (host.Length > MaxHostNameLength)
        {
            return $"is longer than {MaxHostNameLength} characters";
        }

        foreach (var label in host.Split('.'))
        {
            if (label.Length == 0)
            {
                return "has an empty label";
            }

            if (label.Length > MaxLabelLength)
            {
                return $"has a label longer than {MaxLabelLength} characters";
            }

            if (label[0] == '-' || label[^1] == '-')
            {
                return "has a label that starts or ends with `-`";
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"contains `{c}`: only letters, digits, `-` and `.` are allowed";
                }
            }
        }

        return null;
    }

    // IPAddress.TryParse also takes the legacy IPv4 forms ("10", "10.1", "0x0a.0.0.1", octal "010.0.0.1"),
    // which would silently mean something else than the writer expects: only dotted quads are IPv4 here.
    private static bool IsPlainAddressForm(ReadOnlySpan<char> text)
    {
        if (text.IndexOf(':') >= 0)
        {
            return true;
        }

        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            parts++;
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || part.ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return parts == 4;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    private static IPAddress Masked(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
