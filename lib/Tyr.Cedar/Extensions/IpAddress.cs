using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// Cedar's <c>ipaddr</c>: an IPv4 or IPv6 address with a prefix length (a single address has the
/// full length, 32 or 128). Two values are equal when version, address bits and prefix all match,
/// so <c>ip("10.0.0.1/8") != ip("10.0.0.0/8")</c> although they denote the same network.
/// </summary>
public sealed class IpAddress : ExtensionValue, IEquatable<IpAddress>
{
    // Longest accepted text, in UTF-8 bytes: "ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128".
    private const int MaxTextBytes = 43;
    private const int Ipv4Bits = 32;
    private const int Ipv6Bits = 128;

    // IPv4 addresses live in the low 32 bits.
    private readonly UInt128 _bits;

    private IpAddress(UInt128 bits, bool isIpv4, int prefixLength)
    {
        _bits = bits;
        IsIpv4 = isIpv4;
        PrefixLength = prefixLength;
    }

    public override string TypeName => "ipaddr";

    public override string ConstructorName => "ip";

    public bool IsIpv4 { get; }

    public bool IsIpv6 => !IsIpv4;

    /// <summary>The CIDR prefix length: 32 (IPv4) or 128 (IPv6) for a single address.</summary>
    public int PrefixLength { get; }

    private int Width => IsIpv4 ? Ipv4Bits : Ipv6Bits;

    /// <summary>127.0.0.0/8 or ::1, including ranges that lie wholly inside those.</summary>
    public bool IsLoopback => IsIpv4
        ? (_bits >> 24) == 127 && PrefixLength >= 8
        : _bits == UInt128.One && PrefixLength >= Ipv6Bits;

    /// <summary>224.0.0.0/4 or ff00::/8, including ranges that lie wholly inside those.</summary>
    public bool IsMulticast => IsIpv4
        ? (_bits >> 28) == 0xE && PrefixLength >= 4
        : (_bits >> 120) == 0xFF && PrefixLength >= 8;

    /// <summary>True when every address of this range lies in <paramref name="range"/> (same IP version only).</summary>
    public bool IsInRange(IpAddress range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (IsIpv4 != range.IsIpv4)
        {
            return false;
        }

        return range.Network() <= Network() && Broadcast() <= range.Broadcast();
    }

    private UInt128 AllOnes => IsIpv4 ? uint.MaxValue : UInt128.MaxValue;

    // UInt128 shifts are taken modulo 128, so the full-width shifts are spelled out.
    private UInt128 Network() => PrefixLength == 0 ? UInt128.Zero : _bits & ((AllOnes << (Width - PrefixLength)) & AllOnes);

    private UInt128 Broadcast() => PrefixLength == Width ? _bits : _bits | (AllOnes >> PrefixLength);

    /// <summary>Parses an address or CIDR range the way Cedar's <c>ip</c> does.</summary>
    /// <exception cref="FormatException">The text is not an address Cedar accepts.</exception>
    public static IpAddress Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out IpAddress? value) => TryParse(text, out value, out _);

    /// <summary>Parses, or explains the failure with the official engine's wording.</summary>
    internal static bool TryParse(string text, [NotNullWhen(true)] out IpAddress? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            error = "error parsing IP address from string `" + text + "`: string length is too large";
            return false;
        }

        // Cedar refuses IPv4-embedded IPv6 (::ffff:1.2.3.4) outright, by this coarse test on the whole text.
        if (HasTwo(text, ':') && HasTwo(text, '.'))
        {
            error = "error parsing IP address from string: We do not accept IPv4 embedded in IPv6 (e.g., ::ffff:127.0.0.1). Found: `" + text + "`";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            if (!TryParseAddress(text, out var bits, out var isIpv4))
            {
                error = "invalid IP address: " + text;
                return false;
            }

            value = new IpAddress(bits, isIpv4, isIpv4 ? Ipv4Bits : Ipv6Bits);
            error = null;
            return true;
        }

        var addressText = text[..slash];
        if (!TryParseAddress(addressText, out var address, out var v4))
        {
            error = "error parsing IP address from the string `" + addressText + "`: invalid IP address syntax";
            return false;
        }

        if (!TryParsePrefix(text[(slash + 1)..], v4 ? Ipv4Bits : Ipv6Bits, v4 ? 2 : 3, out var prefix, out error))
        {
            return false;
        }

        value = new IpAddress(address, v4, prefix);
        return true;
    }

    private static bool HasTwo(string text, char c)
    {
        var first = text.IndexOf(c, StringComparison.Ordinal);
        return first >= 0 && text.IndexOf(c, first + 1) >= 0;
    }

    private static bool TryParsePrefix(string text, int max, int maxDigits, out int prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = 0;
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes > maxDigits)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"error parsing prefix: string length {bytes} is too large");
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                error = "error parsing prefix `" + text + "`: encountered non-digit";
                return false;
            }
        }

        if (text.Length > 1 && text[0] == '0')
        {
            error = "error parsing prefix `" + text + "`: leading zero(s)";
            return false;
        }

        if (text.Length == 0)
        {
            error = "error parsing prefix from the string ``: cannot parse integer from empty string";
            return false;
        }

        var n = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (n > byte.MaxValue)
        {
            // The official engine reads the prefix as a byte before comparing it with the limit.
            error = "error parsing prefix from the string `" + text + "`: number too large to fit in target type";
            return false;
        }

        if (n > max)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"error parsing prefix: {n} is larger than the limit {max}");
            return false;
        }

        prefix = n;
        error = null;
        return true;
    }

    private static bool TryParseAddress(ReadOnlySpan<char> text, out UInt128 bits, out bool isIpv4)
    {
        if (TryParseIpv4(text, out var v4))
        {
            bits = v4;
            isIpv4 = true;
            return true;
        }

        isIpv4 = false;
        return TryParseIpv6(text, out bits);
    }

    /// <summary>Four decimal octets, each 0-255 with no leading zero (so that nothing reads as octal).</summary>
    private static bool TryParseIpv4(ReadOnlySpan<char> text, out uint bits)
    {
        bits = 0;
        var pos = 0;
        for (var octet = 0; octet < 4; octet++)
        {
            if (octet > 0)
            {
                if (pos >= text.Length || text[pos] != '.')
                {
                    return false;
                }

                pos++;
            }

            var start = pos;
            var n = 0;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]) && pos - start < 3)
            {
                n = (n * 10) + (text[pos] - '0');
                pos++;
            }

            var digits = pos - start;
            if (digits == 0 || n > 255 || (digits > 1 && text[start] == '0') ||
                (pos < text.Length && char.IsAsciiDigit(text[pos])))
            {
                return false;
            }

            bits = (bits << 8) | (uint)n;
        }

        return pos == text.Length;
    }

    /// <summary>
    /// Eight groups of one to four hex digits, where one <c>::</c> may stand for one or more zero
    /// groups. Embedded IPv4 is not supported (Cedar rejects it before this point).
    /// </summary>
    private static bool TryParseIpv6(ReadOnlySpan<char> text, out UInt128 bits)
    {
        bits = UInt128.Zero;
        Span<ushort> head = stackalloc ushort[8];
        Span<ushort> tail = stackalloc ushort[7];
        var pos = 0;
        var headCount = ReadGroups(text, ref pos, head);
        if (headCount < 8)
        {
            if (pos + 1 >= text.Length || text[pos] != ':' || text[pos + 1] != ':')
            {
                return false;
            }

            pos += 2;
            var tailCount = ReadGroups(text, ref pos, tail[..(7 - headCount)]);
            head[(8 - tailCount)..].Clear();
            tail[..tailCount].CopyTo(head[(8 - tailCount)..]);
        }

        if (pos != text.Length)
        {
            return false;
        }

        foreach (var group in head)
        {
            bits = (bits << 16) | group;
        }

        return true;
    }

    /// <summary>Reads up to <c>groups.Length</c> colon-separated groups; stops before the first that does not parse.</summary>
    private static int ReadGroups(ReadOnlySpan<char> text, ref int pos, Span<ushort> groups)
    {
        for (var i = 0; i < groups.Length; i++)
        {
            var p = pos;
            if (i > 0)
            {
                if (p >= text.Length || text[p] != ':')
                {
                    return i;
                }

                p++;
            }

            var start = p;
            var n = 0;
            while (p < text.Length && char.IsAsciiHexDigit(text[p]))
            {
                n = (n << 4) | HexValue(text[p]);
                p++;
                if (p - start > 4)
                {
                    return i;
                }
            }

            if (p == start)
            {
                return i;
            }

            groups[i] = (ushort)n;
            pos = p;
        }

        return groups.Length;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    /// <summary>Dotted quad or RFC 5952 IPv6, with <c>/prefix</c> only when it is not the full length.</summary>
    public override string ToCanonicalString()
    {
        var sb = new StringBuilder(MaxTextBytes);
        if (IsIpv4)
        {
            var v = (uint)_bits;
            sb.Append(v >> 24).Append('.').Append((v >> 16) & 0xFF).Append('.').Append((v >> 8) & 0xFF).Append('.').Append(v & 0xFF);
        }
        else
        {
            AppendIpv6(sb);
        }

        if (PrefixLength != Width)
        {
            sb.Append('/').Append(PrefixLength);
        }

        return sb.ToString();
    }

    private void AppendIpv6(StringBuilder sb)
    {
        Span<ushort> groups = stackalloc ushort[8];
        for (var i = 0; i < 8; i++)
        {
            groups[i] = (ushort)(_bits >> (16 * (7 - i)));
        }

        // The first longest run of two or more zero groups becomes "::".
        int bestStart = -1, bestLength = 1;
        for (var i = 0; i < 8;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            var start = i;
            while (i < 8 && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                sb.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                sb.Append(':');
            }

            sb.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
    }

    public bool Equals(IpAddress? other) =>
        other is not null && other.IsIpv4 == IsIpv4 && other._bits == _bits && other.PrefixLength == PrefixLength;

    public override bool Equals(object? obj) => obj is IpAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_bits, IsIpv4, PrefixLength);
}
