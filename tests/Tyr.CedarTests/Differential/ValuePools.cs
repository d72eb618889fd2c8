namespace Tyr.CedarTests.Differential;

/// <summary>
/// Small pools of values so that comparisons come out true often enough, with the edge cases
/// (escapes, empty strings, range limits, odd but valid extension literals) mixed in, and a
/// pool of extension literals the official implementation rejects.
/// </summary>
internal static class ValuePools
{
    public static readonly string[] Strings =
    [
        "", "a", "alice", "bob", "admin", "eng", "sales", "public", "private", "foo*bar", "x y",
        "ünïcödé", "tab\tin", "quo\"te", "back\\slash", "star*", "🙂 smile", "photo.jpg", "a*b",
        "new\nline", "nul\0char", "it's", "ab", "abc", "ABC", "caf\u00e9", "cafe\u0301", "\U0001F642x",
    ];

    public static readonly long[] SmallLongs = [-3, -2, -1, 0, 0, 1, 1, 2, 3, 4, 5, 7, 10, 12, 18, 21, 100];

    /// <summary>Large but exactly representable in JSON read by JavaScript.</summary>
    public static readonly long[] JsonBigLongs =
    [
        LongValue.JsonLimit, -LongValue.JsonLimit, LongValue.JsonLimit - 1, 1L << 40, -(1L << 40),
        3037000499, 3037000500, -3037000500, 4294967296, 2147483647,
    ];

    /// <summary>Only for literals in policy text.</summary>
    public static readonly long[] LiteralBigLongs =
    [
        long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, 1L << 62, -(1L << 62),
        4611686018427387903, 3037000499, 3037000500,
    ];

    public static readonly string[] Ips =
    [
        "127.0.0.1", "10.0.0.1", "192.168.1.10", "192.168.1.0/24", "10.0.0.0/8", "::1", "ff02::1",
        "224.0.0.1", "2001:db8::1", "2001:db8::/32", "0.0.0.0", "127.0.0.0/8", "1.2.3.4/32",
        "255.255.255.255", "::", "::/0", "0.0.0.0/0",
        "192.168.1.10/16", "127.1.2.3", "239.255.255.250", "2001:DB8::1", "fe80::1", "ff00::/8",
        "10.0.0.1/32", "192.168.1.10/24", "::1/128", "1:2:3:4:5:6:7:8", "::ffff:0:0/96", "2001:db8:0:0:0:0:0:1",
    ];

    public static readonly string[] BadIps =
    [
        "999.1.1.1", "1.2.3", "::g", "10.0.0.1/33", "01.2.3.4", "", "1.2.3.4/", "::1/129", "localhost",
        "1.2.3.4 ", "1.2.3.4/24/8", "1.2.3.4/-1", "fe80::1%eth0", "::ffff:192.168.1.10",
    ];

    public static readonly string[] Decimals =
    [
        "0.0", "1.5", "-2.25", "3.1415", "100.0", "-0.0001", "922337203685477.5807",
        "-922337203685477.5808", "1.50", "0.1", "12.3456", "-0.0", "007.5", "-922337203685477.0",
    ];

    public static readonly string[] BadDecimals =
    [
        "1.23456", "abc", "1.", ".5", "1", "922337203685477.5808", "1.2.3", "+1.0", "1e3", "",
        "- 1.0",
    ];

    public static readonly string[] Datetimes =
    [
        "2024-01-01", "2024-01-01T00:00:00Z", "2024-06-15T12:30:45.123Z", "2023-12-31T23:59:59+0100",
        "1970-01-01", "2024-02-29T10:00:00-0530", "1969-12-31T23:59:59.999Z", "2024-01-02",
        "2024-06-15T12:30:45Z", "2024-06-15", "0001-01-01", "9999-12-31T23:59:59Z",
        "2024-01-01T01:00:00+0100", "2024-01-01T00:00:00.000-2359", "2000-02-29",
        "2024-12-31T23:59:59.999+0000",
    ];

    public static readonly string[] BadDatetimes =
    [
        "2024-13-01", "2024-02-30", "2024-1-1", "2024-01-01T25:00:00Z", "2024-01-01T00:00:00",
        "2024-01-01 00:00:00Z", "2023-02-29", "2024-01-01T00:00:00.12Z", "2024-01-01T00:00:00+01:00",
        "", "24-01-01", "2024-01-01T00:00:60Z", "2024-03-10T02:30:00.5Z",
    ];

    public static readonly string[] Durations =
    [
        "1d", "2h30m", "-1h", "1d2h3m4s5ms", "0ms", "90m", "-3d", "1s", "500ms", "24h", "1h",
        "60m", "3600s", "-1d2h", "0d", "106751d", "1d0h", "9223372036854775807ms", "-9223372036854775808ms",
        "2562047h", "1ms", "-0ms",
    ];

    public static readonly string[] BadDurations =
    [
        "1x", "", "1h1d", "1.5h", "d", "1d-2h", "--1d", "1 d", "9223372036854775807d", "1H", "+1d",
    ];

    public static readonly string[] AttributeNamesNotInSchema = ["nothing", "missing", "agee", "", "the end", "if", "principal", "contains", "has"];

    public static readonly string[] TagNamesNotInSchema = ["nope", "", "Dept"];

    public static readonly Dictionary<string, string[]> EntityIds = new()
    {
        [Schema.User] = ["alice", "bob", "carol", "dave", "eve", "mallory", "", "with space", "quo\"te", "ünï", "🙂"],
        [Schema.Group] = ["admins", "staff", "everyone", "eng", "Group one"],
        [Schema.Team] = ["core", "ops"],
        [Schema.Photo] = ["p1", "p2", "p3", "p4", "p5", "vacation.jpg", "*"],
        [Schema.Album] = ["a1", "a2", "a3", "holiday album"],
        [Schema.Action] = ["view", "edit", "delete", "share", "comment"],
    };

    public static readonly string[] ActionGroups = ["readOnly", "write", "all"];

    public static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    public static bool Chance(this Random rng, double p) => rng.NextDouble() < p;
}
