using System.Globalization;
using System.Text.RegularExpressions;

namespace Tyr.Server.Text;

/// <summary>
/// RFC 3339 timestamps at the API edge. Parsing is strict (date, 'T', time, offset) and keeps all
/// nine fractional digits, because events are filtered by nanosecond timestamps.
/// </summary>
internal static partial class Rfc3339
{
    private const long NanosecondsPerTick = 100;

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string FormatUnixMilliseconds(long milliseconds) =>
        Format(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));

    /// <summary>Parses to nanoseconds since the Unix epoch.</summary>
    public static bool TryParseUnixNanoseconds(string text, out long unixNanoseconds)
    {
        unixNanoseconds = 0;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var offset = match.Groups["offset"].Value;
        var wholeSeconds = match.Groups["date"].Value + "T" + match.Groups["time"].Value +
            (offset is "Z" or "z" ? "+00:00" : offset);
        if (!DateTimeOffset.TryParseExact(wholeSeconds, "yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var instant))
        {
            return false;
        }

        long nanos = 0;
        if (fraction.Length > 0)
        {
            nanos = long.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        }

        // Int64 nanoseconds cover the years 1677 to 2262; anything outside is not a real event time.
        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks > (long.MaxValue - nanos) / NanosecondsPerTick || ticks < long.MinValue / NanosecondsPerTick)
        {
            return false;
        }

        unixNanoseconds = (ticks * NanosecondsPerTick) + nanos;
        return true;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[Tt](?<time>\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d{1,9}))?(?<offset>[Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
