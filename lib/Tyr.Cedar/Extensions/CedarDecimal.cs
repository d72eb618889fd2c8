using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// Cedar's <c>decimal</c>: a signed 64-bit count of ten-thousandths, so values run from
/// -922337203685477.5808 to 922337203685477.5807 with at most four fraction digits.
/// Equality is numeric (<c>decimal("1.0") == decimal("1.00")</c>); ordering is only through the
/// <c>lessThan</c> family of methods, since Cedar's <c>&lt;</c> does not accept decimals.
/// </summary>
public sealed class CedarDecimal : ExtensionValue, IEquatable<CedarDecimal>
{
    private const int FractionDigits = 4;
    private const long Scale = 10_000;

    private CedarDecimal(long units) => Units = units;

    /// <summary>The value times 10^4: <c>decimal("1.5")</c> has 15000 units.</summary>
    public long Units { get; }

    public override string TypeName => "decimal";

    public override string ConstructorName => "decimal";

    public static CedarDecimal FromUnits(long units) => new(units);

    /// <summary>Parses <c>-?digits.digits</c> the way Cedar's <c>decimal</c> does.</summary>
    /// <exception cref="FormatException">The text is not a decimal Cedar accepts, or overflows.</exception>
    public static CedarDecimal Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out CedarDecimal? value) => TryParse(text, out value, out _);

    /// <summary>Parses, or explains the failure with the official engine's wording.</summary>
    internal static bool TryParse(string text, [NotNullWhen(true)] out CedarDecimal? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;

        // The official pattern is ^(-?\d+)\.(\d+)$ where \d is any Unicode decimal digit; digits
        // outside ASCII then fail the integer conversion, which it reports as an overflow.
        var negative = text.StartsWith('-');
        var integerStart = negative ? 1 : 0;
        var dot = SkipDigits(text, integerStart);
        var fractionStart = dot + 1;
        if (dot == integerStart || dot >= text.Length || text[dot] != '.' ||
            SkipDigits(text, fractionStart) != text.Length || fractionStart == text.Length)
        {
            error = "`" + text + "` is not a well-formed decimal value";
            return false;
        }

        const string overflow = "overflow when converting to decimal";
        if (!TryParseAsciiDigits(text.AsSpan(integerStart, dot - integerStart), out var integer))
        {
            error = overflow;
            return false;
        }

        if (negative)
        {
            integer = -integer;
        }

        if (integer < long.MinValue / Scale || integer > long.MaxValue / Scale)
        {
            error = overflow;
            return false;
        }

        var fraction = text.AsSpan(fractionStart);
        if (Encoding.UTF8.GetByteCount(fraction) > FractionDigits)
        {
            error = "too many digits after the decimal in `" + text + "`";
            return false;
        }

        if (!TryParseAsciiDigits(fraction, out var fractionValue))
        {
            error = overflow;
            return false;
        }

        for (var i = fraction.Length; i < FractionDigits; i++)
        {
            fractionValue *= 10;
        }

        // The sign comes from the text, so that "-0.5" is negative although its integer part is 0.
        var units = (Int128)integer * Scale + (negative ? -fractionValue : fractionValue);
        if (units < long.MinValue || units > long.MaxValue)
        {
            error = overflow;
            return false;
        }

        value = new CedarDecimal((long)units);
        error = null;
        return true;
    }

    private static int SkipDigits(string text, int pos)
    {
        while (pos < text.Length && Rune.TryGetRuneAt(text, pos, out var rune) &&
               Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
        {
            pos += rune.Utf16SequenceLength;
        }

        return pos;
    }

    /// <summary>
    /// ASCII digits only, as a non-negative number. It stops reading once past <see cref="ulong.MaxValue"/>:
    /// the value is then out of range whatever follows, and Int128 cannot overflow.
    /// </summary>
    private static bool TryParseAsciiDigits(ReadOnlySpan<char> digits, out Int128 value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
            if (value > ulong.MaxValue)
            {
                return true;
            }
        }

        return true;
    }

    /// <summary>Compares numerically; the base of <c>lessThan</c> and friends.</summary>
    public int CompareTo(CedarDecimal other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Units.CompareTo(other.Units);
    }

    /// <summary>The shortest form with at least one fraction digit: <c>-1.05</c>, <c>3.0</c>.</summary>
    public override string ToCanonicalString()
    {
        var magnitude = Units < 0 ? (ulong)-(Int128)Units : (ulong)Units;
        var fraction = (int)(magnitude % Scale);
        var fractionText = fraction.ToString("D4", CultureInfo.InvariantCulture).TrimEnd('0');
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{(Units < 0 ? "-" : "")}{magnitude / Scale}.{(fractionText.Length == 0 ? "0" : fractionText)}");
    }

    public bool Equals(CedarDecimal? other) => other is not null && other.Units == Units;

    public override bool Equals(object? obj) => obj is CedarDecimal other && Equals(other);

    public override int GetHashCode() => Units.GetHashCode();
}
