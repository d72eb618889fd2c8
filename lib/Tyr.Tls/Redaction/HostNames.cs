namespace Tyr.Tls.Redaction;

/// <summary>
/// Host names as they may appear in our output: DNS-shaped ASCII, lower-cased, and with any label
/// that looks like a credential replaced, so neither an SNI nor a Host header can smuggle a key out.
/// </summary>
internal static class HostNames
{
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>A DNS name (letters, digits, '-', '_', dots; trailing dot dropped), or null when it is not one.</summary>
    public static string? TryNormalize(ReadOnlySpan<byte> name)
    {
        if (name.Length > 0 && name[^1] == (byte)'.')
        {
            name = name[..^1];
        }

        if (name.IsEmpty || name.Length > MaxLength)
        {
            return null;
        }

        var labelLength = 0;
        foreach (var b in name)
        {
            if (b == (byte)'.')
            {
                if (labelLength == 0)
                {
                    return null;
                }

                labelLength = 0;
                continue;
            }

            if (!IsLabelByte(b) || ++labelLength > MaxLabelLength)
            {
                return null;
            }
        }

        if (labelLength == 0)
        {
            return null;
        }

        var original = System.Text.Encoding.ASCII.GetString(name);
        var redacted = SecretScanner.RedactThenLowerCase(original);
        if (redacted.Length == original.Length && !redacted.Contains(SecretScanner.Placeholder, StringComparison.Ordinal))
        {
            return redacted;
        }

        // A host that carries a key may carry the rest of it in the neighbouring labels (DNS labels hold 63
        // characters): keep only the last two labels and say the rest was redacted.
        var labels = redacted.Split('.');
        return labels.Length <= 2 ? redacted : $"{SecretScanner.Placeholder}.{labels[^2]}.{labels[^1]}";
    }

    /// <summary>A Host header value: a DNS name or IP literal with an optional port; null when it is neither.</summary>
    public static string? TryNormalizeHostHeader(ReadOnlySpan<byte> value)
    {
        value = value.Trim((byte)' ');
        if (value.Length > 0 && value[0] == (byte)'[')
        {
            // IPv6 literal: hex digits and colons inside the brackets.
            var close = value.IndexOf((byte)']');
            if (close < 2 || close > 47 || !IsPort(value[(close + 1)..], allowEmpty: true))
            {
                return null;
            }

            foreach (var b in value[1..close])
            {
                if (!(char.IsAsciiHexDigit((char)b) || b == (byte)':' || b == (byte)'.'))
                {
                    return null;
                }
            }

            return System.Text.Encoding.ASCII.GetString(value).ToLowerInvariant();
        }

        var colon = value.IndexOf((byte)':');
        var host = colon < 0 ? value : value[..colon];
        var port = colon < 0 ? [] : value[colon..];
        if (!IsPort(port, allowEmpty: true))
        {
            return null;
        }

        var normalized = TryNormalize(host);
        return normalized is null || port.IsEmpty ? normalized : normalized + System.Text.Encoding.ASCII.GetString(port);
    }

    private static bool IsPort(ReadOnlySpan<byte> port, bool allowEmpty)
    {
        if (port.IsEmpty)
        {
            return allowEmpty;
        }

        if (port[0] != (byte)':' || port.Length < 2 || port.Length > 6)
        {
            return false;
        }

        foreach (var b in port[1..])
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLabelByte(byte b) =>
        b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_';
}
