using Tyr.Cedar.Extensions;
using static Tyr.CedarTests.Extensions.Ext;

namespace Tyr.CedarTests.Extensions;

// Expected answers come from the official implementation (tests/cedar-oracle/probe.mjs).
public class CedarDurationTests
{
    [Theory]
    [InlineData("1d2h3m4s5ms", 93_784_005L)]
    [InlineData("-1h", -3_600_000L)]
    [InlineData("-1d2h", -93_600_000L)]
    [InlineData("90m", 5_400_000L)]
    [InlineData("01h", 3_600_000L)]
    [InlineData("1ms", 1L)]
    [InlineData("0ms", 0L)]
    [InlineData("0d", 0L)]
    [InlineData("-0ms", 0L)]
    [InlineData("9223372036854775807ms", long.MaxValue)]
    [InlineData("-9223372036854775808ms", long.MinValue)]
    [InlineData("106751991167d", 9_223_372_036_828_800_000L)]
    [InlineData("-106751991167d", -9_223_372_036_828_800_000L)]
    public void Parses_to_milliseconds(string text, long milliseconds)
    {
        var duration = Duration(text);

        Assert.Equal(milliseconds, Long(Method("toMilliseconds", duration)));
        Assert.Equal(milliseconds, As<CedarDuration>(duration).Milliseconds);
    }

    [Theory]
    [InlineData("1d", 86_400L, 1_440L, 24L, 1L)]
    [InlineData("90m", 5_400L, 90L, 1L, 0L)]
    [InlineData("1d23h59m59s999ms", 172_799L, 2_879L, 47L, 1L)]
    [InlineData("-1ms", 0L, 0L, 0L, 0L)]
    [InlineData("-1500ms", -1L, 0L, 0L, 0L)]
    [InlineData("-59s", -59L, 0L, 0L, 0L)]
    [InlineData("-25h", -90_000L, -1_500L, -25L, -1L)]
    [InlineData("-1d1ms", -86_400L, -1_440L, -24L, -1L)]
    [InlineData("-9223372036854775808ms", -9_223_372_036_854_775L, -153_722_867_280_912L, -2_562_047_788_015L, -106_751_991_167L)]
    public void Conversions_truncate_toward_zero(string text, long seconds, long minutes, long hours, long days)
    {
        var duration = Duration(text);

        Assert.Equal(seconds, Long(Method("toSeconds", duration)));
        Assert.Equal(minutes, Long(Method("toMinutes", duration)));
        Assert.Equal(hours, Long(Method("toHours", duration)));
        Assert.Equal(days, Long(Method("toDays", duration)));
    }

    [Theory]
    [InlineData("1h", "60m", true)]
    [InlineData("0ms", "0d", true)]
    [InlineData("-0ms", "0ms", true)]
    [InlineData("1d", "24h", true)]
    [InlineData("1h", "61m", false)]
    [InlineData("1h", "-1h", false)]
    public void Equality_is_by_length(string left, string right, bool equal)
    {
        Assert.Equal(equal, Duration(left).Equals(Duration(right)));
        if (equal)
        {
            Assert.Equal(Duration(left).GetHashCode(), Duration(right).GetHashCode());
        }
    }

    [Theory]
    [InlineData("1h", "2h", -1)]
    [InlineData("1h", "60m", 0)]
    [InlineData("2h", "-3h", 1)]
    [InlineData("1h", "61m", -1)]
    public void Durations_are_ordered(string left, string right, int sign)
    {
        var l = As<CedarDuration>(Duration(left));

        Assert.True(l.IsOrdered);
        Assert.Equal(sign, Math.Sign(l.CompareTo(As<CedarDuration>(Duration(right)))));
    }

    [Fact]
    public void A_duration_does_not_compare_with_a_datetime() =>
        Assert.Throws<ArgumentException>(() => As<CedarDuration>(Duration("1d")).CompareTo(As<CedarDatetime>(Datetime("2024-01-01"))));

    [Theory]
    [InlineData("", "invalid duration pattern")]
    [InlineData("-", "invalid duration pattern")]
    [InlineData("1", "invalid duration pattern")]
    [InlineData("h", "invalid duration pattern")]
    [InlineData("1h1d", "invalid duration pattern")]
    [InlineData("1h1h", "invalid duration pattern")]
    [InlineData("1ms1s", "invalid duration pattern")]
    [InlineData("1.5h", "invalid duration pattern")]
    [InlineData("+1h", "invalid duration pattern")]
    [InlineData("1H", "invalid duration pattern")]
    [InlineData("1d 2h", "invalid duration pattern")]
    [InlineData("1h\n", "invalid duration pattern")]
    [InlineData("--1h", "invalid duration pattern")]
    [InlineData("9223372036854775807ms1s", "invalid duration pattern")]
    [InlineData("9223372036854775808ms", "Duration overflows internal representation")]
    [InlineData("-9223372036854775809ms", "Duration overflows internal representation")]
    [InlineData("99999999999999999999ms", "Duration overflows internal representation")]
    [InlineData("106751991168d", "Duration overflows internal representation")]
    [InlineData("1s9223372036854775807ms", "Duration overflows internal representation")]
    public void Rejected_durations_report_the_official_reason(string text, string reason)
    {
        Assert.Equal("error while evaluating `duration` extension function: " + reason, ConstructorError("duration", text));
        Assert.False(CedarDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1d2h3m4s5ms", "1d2h3m4s5ms")]
    [InlineData("90m", "1h30m")]
    [InlineData("-1500ms", "-1s500ms")]
    [InlineData("0d", "0ms")]
    [InlineData("-9223372036854775808ms", "-106751991167d7h12m55s808ms")]
    public void The_canonical_form_uses_the_largest_units_and_parses_back(string text, string canonical)
    {
        var duration = Duration(text);

        Assert.Equal(canonical, As<CedarDuration>(duration).ToCanonicalString());
        Assert.Equal(duration, Duration(canonical));
        Assert.Equal("duration(\"" + canonical + "\")", duration.ToString());
    }
}
