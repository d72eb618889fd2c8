using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// Cedar's <c>duration</c>: a signed 64-bit count of milliseconds, written as
/// <c>-?(Nd)?(Nh)?(Nm)?(Ns)?(Nms)?</c> with at least one part (<c>"1d2h3m4s5ms"</c>, <c>"-1h"</c>).
/// Durations are ordered, so <c>&lt;</c> and friends accept them.
/// </summary>
public sealed class CedarDuration : ExtensionValue, IEquatable<CedarDuration>
{
    internal const long MillisecondsPerDay = 86_400_000;

    // Milliseconds per unit, in the only order the units may appear.
    private static ReadOnlySpan<long> UnitMilliseconds => [MillisecondsPerDay, 3_600_000, 60_000, 1_000, 1];

    private CedarDuration(long milliseconds) => Milliseconds = milliseconds;

    public long Milliseconds { get; }

    public override string TypeName => "duration";

    public override string ConstructorName => "duration";

    public override bool IsOrdered => true;

    public static CedarDuration FromMilliseconds(long milliseconds) => new(milliseconds);

    // Conversions truncate toward zero, as the official engine's integer division does.
    public long ToSeconds() => Milliseconds / 1000;

    public long ToMinutes() => ToSeconds() / 60;

    public long ToHours() => ToMinutes() / 60;

    public long ToDays() => ToHours() / 24;

    /// <exception cref="FormatException">The text is not a duration Cedar accepts, or overflows.</exception>
    public static CedarDuration Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out CedarDuration? value) => TryParse(text, out value, out _);

    /// <summary>Parses, or explains the failure with the official engine's wording.</summary>
    internal static bool TryParse(string text, [NotNullWhen(true)] out CedarDuration? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        var negative = text.StartsWith('-');
        var pos = negative ? 1 : 0;
        if (pos == text.Length)
        {
            error = "invalid duration pattern";
            return false;
        }

        // The whole pattern is checked before any number, so a malformed text never reports overflow.
        Int128 total = 0;
        var overflow = false;
        var nextUnit = 0;
        while (pos < text.Length)
        {
            var digitsStart = pos;
            Int128 quantity = 0;
            while (pos < text.Length && char.IsAsciiDigit(text[pos]))
            {
                // Each quantity must fit an unsigned 64-bit integer; past that only "overflow" matters.
                quantity = quantity > ulong.MaxValue ? quantity : (quantity * 10) + (text[pos] - '0');
                pos++;
            }

            var hasDigits = pos > digitsStart;
            var unit = ReadUnit(text, ref pos);
            if (!hasDigits || unit < nextUnit)
            {
                error = "invalid duration pattern";
                return false;
            }

            nextUnit = unit + 1;
            if (quantity > ulong.MaxValue)
            {
                overflow = true;
            }
            else if (!overflow)
            {
                total += quantity * UnitMilliseconds[unit];
            }
        }

        if (negative)
        {
            total = -total;
        }

        if (overflow || total < long.MinValue || total > long.MaxValue)
        {
            error = "Duration overflows internal representation";
            return false;
        }

        value = new CedarDuration((long)total);
        error = null;
        return true;
    }

    /// <summary>Index into <see cref="UnitMilliseconds"/> of the unit at <paramref name="pos"/>, or -1 (below any valid index).</summary>
    private static int ReadUnit(string text, ref int pos)
    {
        if (pos >= text.Length)
        {
            return -1;
        }

        switch (text[pos])
        {
            case 'd': pos++; return 0;
            case 'h': pos++; return 1;
            case 's': pos++; return 3;
            case 'm' when pos + 1 < text.Length && text[pos + 1] == 's': pos += 2; return 4;
            case 'm': pos++; return 2;
            default: return -1;
        }
    }

    /// <summary>The shortest unit form: <c>1d2h</c>, <c>-90s</c> is <c>-1m30s</c>, zero is <c>0ms</c>.</summary>
    public override string ToCanonicalString()
    {
        if (Milliseconds == 0)
        {
            return "0ms";
        }

        var sb = new StringBuilder();
        var rest = Milliseconds < 0 ? (ulong)-(Int128)Milliseconds : (ulong)Milliseconds;
        if (Milliseconds < 0)
        {
            sb.Append('-');
        }

        ReadOnlySpan<string> names = ["d", "h", "m", "s", "ms"];
        for (var i = 0; i < UnitMilliseconds.Length; i++)
        {
            var per = (ulong)UnitMilliseconds[i];
            if (rest >= per)
            {
                sb.Append(rest / per).Append(names[i]);
                rest %= per;
            }
        }

        return sb.ToString();
    }

    /// <summary>How the official engine prints a duration inside error messages: <c>-5ms</c>.</summary>
    internal string ToMillisecondsText() => Milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";

    public override int CompareTo(ExtensionValue other) => other is CedarDuration d
        ? Milliseconds.CompareTo(d.Milliseconds)
        : throw new ArgumentException("a duration compares only with a duration", nameof(other));

    public bool Equals(CedarDuration? other) => other is not null && other.Milliseconds == Milliseconds;

    public override bool Equals(object? obj) => obj is CedarDuration other && Equals(other);

    public override int GetHashCode() => Milliseconds.GetHashCode();
}
