using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Extensions;

/// <summary>
/// Cedar's <c>datetime</c>: an instant as a signed 64-bit count of milliseconds since
/// 1970-01-01T00:00:00Z, ignoring leap seconds. Written <c>YYYY-MM-DD</c>, optionally followed by
/// <c>THH:MM:SS</c>, optional <c>.SSS</c>, and <c>Z</c> or a <c>+HHMM</c>/<c>-HHMM</c> offset.
/// Datetimes are ordered, so <c>&lt;</c> and friends accept them.
/// </summary>
public sealed class CedarDatetime : ExtensionValue, IEquatable<CedarDatetime>
{
    private const long MillisecondsPerDay = CedarDuration.MillisecondsPerDay;

    private CedarDatetime(long epochMilliseconds) => EpochMilliseconds = epochMilliseconds;

    /// <summary>Milliseconds since the Unix epoch; negative before 1970.</summary>
    public long EpochMilliseconds { get; }

    public override string TypeName => "datetime";

    public override string ConstructorName => "datetime";

    public override bool IsOrdered => true;

    public static CedarDatetime FromEpochMilliseconds(long epochMilliseconds) => new(epochMilliseconds);

    /// <summary>This instant moved by <paramref name="duration"/>, or null when that leaves the 64-bit range.</summary>
    public CedarDatetime? Offset(CedarDuration duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        var sum = (Int128)EpochMilliseconds + duration.Milliseconds;
        return sum < long.MinValue || sum > long.MaxValue ? null : new CedarDatetime((long)sum);
    }

    /// <summary>The duration from <paramref name="earlier"/> to this instant, or null when it leaves the 64-bit range.</summary>
    public CedarDuration? DurationSince(CedarDatetime earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var difference = (Int128)EpochMilliseconds - earlier.EpochMilliseconds;
        return difference < long.MinValue || difference > long.MaxValue ? null : CedarDuration.FromMilliseconds((long)difference);
    }

    /// <summary>Midnight (UTC) at or before this instant, or null when that precedes the 64-bit range.</summary>
    public CedarDatetime? ToDate()
    {
        var midnight = (Int128)FloorDays(EpochMilliseconds) * MillisecondsPerDay;
        return midnight < long.MinValue ? null : new CedarDatetime((long)midnight);
    }

    /// <summary>The time since midnight (UTC): never negative, even before 1970.</summary>
    public CedarDuration ToTime() =>
        CedarDuration.FromMilliseconds(EpochMilliseconds - (FloorDays(EpochMilliseconds) * MillisecondsPerDay));

    private static long FloorDays(long epochMilliseconds)
    {
        var (days, remainder) = Math.DivRem(epochMilliseconds, MillisecondsPerDay);
        return remainder < 0 ? days - 1 : days;
    }

    /// <exception cref="FormatException">The text is not a datetime Cedar accepts.</exception>
    public static CedarDatetime Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out CedarDatetime? value) => TryParse(text, out value, out _);

    /// <summary>
    /// Parses, or explains the failure with the official engine's wording. Like the official engine,
    /// the whole shape is checked before the date, the time and then the offset are validated.
    /// </summary>
    internal static bool TryParse(string text, [NotNullWhen(true)] out CedarDatetime? value, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        var s = text.AsSpan();
        if (s.Length < 10 || !Digits(s[..4]) || s[4] != '-' || !Digits(s.Slice(5, 2)) || s[7] != '-' || !Digits(s.Slice(8, 2)))
        {
            error = "invalid date pattern";
            return false;
        }

        int year = Number(s[..4]), month = Number(s.Slice(5, 2)), day = Number(s.Slice(8, 2));
        if (s.Length == 10)
        {
            return Build(text, year, month, day, 0, 0, 0, 0, 0, out value, out error);
        }

        var time = s[10..];
        if (time.Length < 9 || time[0] != 'T' || !Digits(time.Slice(1, 2)) || time[3] != ':' ||
            !Digits(time.Slice(4, 2)) || time[6] != ':' || !Digits(time.Slice(7, 2)))
        {
            error = "invalid hour/minute/second pattern";
            return false;
        }

        int hour = Number(time.Slice(1, 2)), minute = Number(time.Slice(4, 2)), second = Number(time.Slice(7, 2));
        var rest = time[9..];
        var millisecond = 0;
        if (rest.Length >= 4 && rest[0] == '.' && Digits(rest.Slice(1, 3)))
        {
            millisecond = Number(rest.Slice(1, 3));
            rest = rest[4..];
        }

        int offsetMinutes;
        if (rest is "Z")
        {
            offsetMinutes = 0;
        }
        else if (rest.Length == 5 && (rest[0] == '+' || rest[0] == '-') && Digits(rest[1..]))
        {
            int offsetHours = Number(rest.Slice(1, 2)), offsetRestMinutes = Number(rest.Slice(3, 2));
            if (!ValidDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
            {
                // The date and time errors take precedence over the offset's.
                return Build(text, year, month, day, hour, minute, second, millisecond, 0, out value, out error);
            }

            if (offsetHours >= 24 || offsetRestMinutes >= 60)
            {
                error = string.Create(CultureInfo.InvariantCulture, $"invalid offset range: {offsetHours}{offsetRestMinutes}");
                return false;
            }

            offsetMinutes = ((offsetHours * 60) + offsetRestMinutes) * (rest[0] == '-' ? -1 : 1);
        }
        else
        {
            error = "invalid millisecond and/or offset pattern";
            return false;
        }

        return Build(text, year, month, day, hour, minute, second, millisecond, offsetMinutes, out value, out error);
    }

    private static bool Build(
        string text, int year, int month, int day, int hour, int minute, int second, int millisecond, int offsetMinutes,
        [NotNullWhen(true)] out CedarDatetime? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        if (!ValidDate(year, month, day))
        {
            error = string.Concat("invalid date: ", text.AsSpan(0, 10));
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            error = string.Concat("invalid hour/minute/second: ", text.AsSpan(11, 8));
            return false;
        }

        // Years 0000-9999 with offsets under a day stay far inside the 64-bit range.
        var epoch = (DaysFromCivil(year, month, day) * MillisecondsPerDay) +
            (((((hour * 60L) + minute - offsetMinutes) * 60) + second) * 1000) + millisecond;
        value = new CedarDatetime(epoch);
        error = null;
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Number(ReadOnlySpan<char> digits)
    {
        var n = 0;
        foreach (var c in digits)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }

    private static bool IsLeapYear(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    private static bool ValidDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DaysInMonth(year, month);

    private static int DaysInMonth(long year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    // Proleptic Gregorian calendar with a year 0, after Howard Hinnant's days_from_civil/civil_from_days:
    // System.DateTime stops at year 1 and at 9999, but datetimes reach year 0 and, by offset, far beyond.
    private static long DaysFromCivil(long year, long month, long day)
    {
        year -= month <= 2 ? 1 : 0;
        var era = (year >= 0 ? year : year - 399) / 400;
        var yearOfEra = year - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146097) + dayOfEra - 719468;
    }

    private static (long Year, int Month, int Day) CivilFromDays(long days)
    {
        days += 719468;
        var era = (days >= 0 ? days : days - 146096) / 146097;
        var dayOfEra = days - (era * 146097);
        var yearOfEra = (dayOfEra - (dayOfEra / 1460) + (dayOfEra / 36524) - (dayOfEra / 146096)) / 365;
        var dayOfYear = dayOfEra - ((365 * yearOfEra) + (yearOfEra / 4) - (yearOfEra / 100));
        var shiftedMonth = ((5 * dayOfYear) + 2) / 153;
        var day = (int)(dayOfYear - (((153 * shiftedMonth) + 2) / 5) + 1);
        var month = (int)(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
        return ((yearOfEra + (era * 400)) + (month <= 2 ? 1 : 0), month, day);
    }

    private bool HasFourDigitYear => CivilFromDays(FloorDays(EpochMilliseconds)).Year is >= 0 and <= 9999;

    /// <summary>
    /// UTC, as short as exact: <c>2024-01-01</c> at midnight, else <c>2024-01-01T12:30:00Z</c> or
    /// <c>2024-01-01T12:30:00.250Z</c>. Instants outside years 0000-9999 (reachable only through
    /// <c>offset</c>) have no constructor string; they get an ISO 8601 signed, expanded year
    /// (<c>-0001-12-31</c>, <c>+10000-01-01</c>) that Cedar does not parse.
    /// </summary>
    public override string ToCanonicalString()
    {
        var days = FloorDays(EpochMilliseconds);
        var (year, month, day) = CivilFromDays(days);
        var timeOfDay = EpochMilliseconds - (days * MillisecondsPerDay);
        var yearText = year is >= 0 and <= 9999
            ? year.ToString("D4", CultureInfo.InvariantCulture)
            : (year < 0 ? "-" : "+") + Math.Abs(year).ToString("D4", CultureInfo.InvariantCulture);
        var date = string.Create(CultureInfo.InvariantCulture, $"{yearText}-{month:D2}-{day:D2}");
        if (timeOfDay == 0)
        {
            return date;
        }

        var ms = timeOfDay % 1000;
        var seconds = timeOfDay / 1000;
        var time = string.Create(CultureInfo.InvariantCulture, $"T{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");
        return ms == 0
            ? date + time + "Z"
            : date + time + string.Create(CultureInfo.InvariantCulture, $".{ms:D3}Z");
    }

    /// <summary>How the official engine prints a datetime: an offset from the epoch.</summary>
    internal string ToOffsetExpression() =>
        "datetime(\"1970-01-01\").offset(duration(\"" + CedarDuration.FromMilliseconds(EpochMilliseconds).ToMillisecondsText() + "\"))";

    /// <summary>Cedar source for this instant: <c>datetime("...")</c>, or an offset from the epoch when no string can say it.</summary>
    public override string ToString() => HasFourDigitYear ? base.ToString() : ToOffsetExpression();

    public override int CompareTo(ExtensionValue other) => other is CedarDatetime d
        ? EpochMilliseconds.CompareTo(d.EpochMilliseconds)
        : throw new ArgumentException("a datetime compares only with a datetime", nameof(other));

    public bool Equals(CedarDatetime? other) => other is not null && other.EpochMilliseconds == EpochMilliseconds;

    public override bool Equals(object? obj) => obj is CedarDatetime other && Equals(other);

    public override int GetHashCode() => EpochMilliseconds.GetHashCode();
}
