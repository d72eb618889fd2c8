using Tyr.Cedar.Extensions;
using static Tyr.CedarTests.Extensions.Ext;

namespace Tyr.CedarTests.Extensions;

// Expected answers come from the official implementation (tests/cedar-oracle/probe.mjs).
public class CedarDatetimeTests
{
    private static CedarDatetime Instant(string text) => As<CedarDatetime>(Datetime(text));

    private static CedarDatetime Epoch(long milliseconds) => CedarDatetime.FromEpochMilliseconds(milliseconds);

    [Theory]
    [InlineData("1970-01-01", 0L)]
    [InlineData("2024-01-01", 1_704_067_200_000L)]
    [InlineData("2024-01-01T00:00:00Z", 1_704_067_200_000L)]
    [InlineData("2024-01-01T00:00:00.000Z", 1_704_067_200_000L)]
    [InlineData("2024-01-01T01:00:00+0100", 1_704_067_200_000L)]
    [InlineData("2024-01-01T00:00:00.000-0000", 1_704_067_200_000L)]
    [InlineData("2024-10-15T11:38:02.101+1134", 1_728_950_642_101L)]
    [InlineData("1969-12-31T23:59:59.999Z", -1L)]
    [InlineData("1900-01-01", -2_208_988_800_000L)]
    [InlineData("2000-02-29T12:00:00-0130", 951_831_000_000L)]
    [InlineData("0000-01-01", -62_167_219_200_000L)]
    [InlineData("0000-01-01T00:00:00+2359", -62_167_305_540_000L)]
    [InlineData("9999-12-31", 253_402_214_400_000L)]
    [InlineData("9999-12-31T23:59:59.999-2359", 253_402_387_139_999L)]
    public void Parses_to_milliseconds_since_the_epoch(string text, long epochMilliseconds)
    {
        Assert.Equal(epochMilliseconds, Instant(text).EpochMilliseconds);
        var sinceEpoch = Method("durationSince", Datetime(text), Datetime("1970-01-01"));
        Assert.Equal(epochMilliseconds, Long(Method("toMilliseconds", sinceEpoch)));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01", true)]
    [InlineData("2024-10-15T11:38:02.101-1134", "2024-10-15T23:12:02.101Z", true)]
    [InlineData("2024-01-01T00:00:00.000+0000", "2024-01-01T00:00:00.000-0000", true)]
    [InlineData("2024-01-01T00:00:00.001Z", "2024-01-01", false)]
    public void Equality_is_by_instant(string left, string right, bool equal)
    {
        Assert.Equal(equal, Datetime(left).Equals(Datetime(right)));
        if (equal)
        {
            Assert.Equal(Datetime(left).GetHashCode(), Datetime(right).GetHashCode());
        }
    }

    [Fact]
    public void A_datetime_is_never_equal_to_a_duration_of_the_same_milliseconds() =>
        Assert.False(CedarDatetime.FromEpochMilliseconds(5).Equals(CedarDuration.FromMilliseconds(5)));

    [Theory]
    [InlineData("2024-02-29", "2024-03-01", -1)]
    [InlineData("1970-01-01", "1970-01-01T00:00:00.001Z", -1)]
    [InlineData("2024-01-01T01:00:00+0100", "2024-01-01", 0)]
    [InlineData("1969-12-31", "1900-01-01", 1)]
    public void Datetimes_are_ordered(string left, string right, int sign)
    {
        Assert.True(Instant(left).IsOrdered);
        Assert.Equal(sign, Math.Sign(Instant(left).CompareTo(Instant(right))));
    }

    [Fact]
    public void Offset_and_durationSince_are_inverse()
    {
        Assert.Equal(Datetime("2024-01-02"), Method("offset", Datetime("2024-01-01"), Duration("1d")));
        Assert.Equal(Datetime("2023-12-31"), Method("offset", Datetime("2024-01-31"), Duration("-31d")));
        Assert.Equal(Duration("1d"), Method("durationSince", Datetime("2024-01-02"), Datetime("2024-01-01")));
        Assert.Equal(Duration("-1d"), Method("durationSince", Datetime("2024-01-01"), Datetime("2024-01-02")));
        Assert.Equal(3_652_424L, Long(Method("toDays", Method("durationSince", Datetime("9999-12-31"), Datetime("0000-01-01")))));
    }

    [Theory]
    [InlineData("2024-01-01T12:34:56.789Z", "2024-01-01", "12h34m56s789ms")]
    [InlineData("2024-03-10T05:06:07.008Z", "2024-03-10", "5h6m7s8ms")]
    [InlineData("1969-12-31T23:00:00Z", "1969-12-31", "23h")]
    [InlineData("1969-12-31T23:59:59.999Z", "1969-12-31", "23h59m59s999ms")]
    [InlineData("1969-12-31", "1969-12-31", "0ms")]
    [InlineData("1969-07-20T20:17:40Z", "1969-07-20", "20h17m40s")]
    public void ToDate_and_toTime_split_at_utc_midnight_even_before_1970(string text, string date, string time)
    {
        Assert.Equal(Datetime(date), Method("toDate", Datetime(text)));
        Assert.Equal(Duration(time), Method("toTime", Datetime(text)));
    }

    [Fact]
    public void ToDate_and_toTime_at_the_ends_of_the_range()
    {
        Assert.Equal(60_424_192L, Epoch(long.MinValue).ToTime().Milliseconds);
        Assert.Equal(9_223_372_036_828_800_000L, Epoch(long.MaxValue).ToDate()!.EpochMilliseconds);
    }

    [Fact]
    public void Arithmetic_that_leaves_the_64_bit_range_is_an_error_naming_the_method()
    {
        Assert.Equal(
            "error while evaluating `offset` extension function: overflows when adding an offset: " +
            "datetime(\"1970-01-01\").offset(duration(\"-62167219200000ms\"))+(-9223372036854775807ms)",
            Error(() => Method("offset", Datetime("0000-01-01"), Duration("-9223372036854775807ms"))));
        Assert.Equal(
            "error while evaluating `offset` extension function: overflows when adding an offset: " +
            "datetime(\"1970-01-01\").offset(duration(\"253402214400000ms\"))+(9223372036854775807ms)",
            Error(() => Method("offset", Datetime("9999-12-31"), Duration("9223372036854775807ms"))));
        Assert.Equal(
            "error while evaluating `durationSince` extension function: overflows when computing the duration between " +
            "datetime(\"1970-01-01\").offset(duration(\"9223372036854775807ms\")) and datetime(\"1970-01-01\").offset(duration(\"-86400000ms\"))",
            Error(() => Method("durationSince", Of(Epoch(long.MaxValue)), Datetime("1969-12-31"))));
        Assert.Equal(
            "error while evaluating `toDate` extension function: overflows when computing the date of " +
            "datetime(\"1970-01-01\").offset(duration(\"-9223372036854775808ms\"))",
            Error(() => Method("toDate", Of(Epoch(long.MinValue)))));
    }

    [Theory]
    [InlineData("1", "invalid date pattern")]
    [InlineData("", "invalid date pattern")]
    [InlineData("10000-01-01", "invalid date pattern")]
    [InlineData("2024-1-01", "invalid date pattern")]
    [InlineData("２０２４-01-01", "invalid date pattern")]
    [InlineData("2024-02-30", "invalid date: 2024-02-30")]
    [InlineData("2025-02-29", "invalid date: 2025-02-29")]
    [InlineData("1900-02-29", "invalid date: 1900-02-29")]
    [InlineData("2024-00-01", "invalid date: 2024-00-01")]
    [InlineData("2024-04-31", "invalid date: 2024-04-31")]
    [InlineData("2024-02-30T25:00:00Z", "invalid date: 2024-02-30")]
    [InlineData("2024-01-01\n", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01T", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01T00:00Z", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01t00:00:00Z", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01 00:00:00Z", "invalid hour/minute/second pattern")]
    [InlineData("2024-01-01T00:00:00", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00z", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00.1Z", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00+01:00", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00+01", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T00:00:00Z\n", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-02-30T00:00:00X", "invalid millisecond and/or offset pattern")]
    [InlineData("2024-01-01T24:00:00Z", "invalid hour/minute/second: 24:00:00")]
    [InlineData("2024-01-01T23:59:60Z", "invalid hour/minute/second: 23:59:60")]
    [InlineData("2024-01-01T25:00:00+2400", "invalid hour/minute/second: 25:00:00")]
    [InlineData("2024-01-01T00:00:00+2400", "invalid offset range: 240")]
    [InlineData("2024-01-01T00:00:00+0060", "invalid offset range: 060")]
    [InlineData("2024-01-01T00:00:00+0960", "invalid offset range: 960")]
    public void Rejected_datetimes_report_the_official_reason(string text, string reason)
    {
        Assert.Equal("error while evaluating `datetime` extension function: " + reason, ConstructorError("datetime", text));
        Assert.False(CedarDatetime.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01")]
    [InlineData("2024-10-15T11:38:02+1134", "2024-10-15T00:04:02Z")]
    [InlineData("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z")]
    [InlineData("0000-01-01T00:00:00+2359", "-0001-12-31T00:01:00Z")]
    [InlineData("0000-02-29T12:00:00.050Z", "0000-02-29T12:00:00.050Z")]
    public void The_canonical_form_is_utc(string text, string canonical) =>
        Assert.Equal(canonical, Instant(text).ToCanonicalString());

    [Fact]
    public void Instants_past_year_9999_get_an_expanded_year() =>
        Assert.Equal("+10000-01-01", Epoch(253_402_300_800_000L).ToCanonicalString());

    [Fact]
    public void Printing_gives_cedar_source_that_builds_the_same_instant()
    {
        Assert.Equal("datetime(\"2024-10-15T00:04:02.101Z\")", Datetime("2024-10-15T11:38:02.101+1134").ToString());
        Assert.Equal(Datetime("2024-10-15T11:38:02.101+1134"), Datetime("2024-10-15T00:04:02.101Z"));

        // Beyond year 9999 no string will do, so it prints the way the official engine does.
        Assert.Equal("datetime(\"1970-01-01\").offset(duration(\"9223372036854775807ms\"))", Epoch(long.MaxValue).ToString());
    }
}
