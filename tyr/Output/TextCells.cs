using System.Globalization;
using System.Text;

namespace Tyr.Cli.Output;

/// <summary>How values look in tables and reports.</summary>
internal static class TextCells
{
    /// <summary>Shown for a missing value, so every column of every row has something in it.</summary>
    public const string None = "-";

    /// <summary>
    /// The value on one line with control characters (escape sequences, newlines, C1 codes)
    /// replaced by '?', or <see cref="None"/> for null or empty.
    /// </summary>
    public static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return None;
        }

        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var clean = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            clean.Append(char.IsControl(c) ? '?' : c);
        }

        return clean.ToString();
    }

    /// <summary>Nanoseconds since the Unix epoch as RFC 3339 UTC with milliseconds, like the API's times.</summary>
    public static string UnixNanoseconds(long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A hash shortened for a table, like git's abbreviated commits; -o json has all of it.</summary>
    public static string ShortHash(string? hash) =>
        string.IsNullOrEmpty(hash) ? None : hash.Length > 12 ? hash[..12] : hash;
}
