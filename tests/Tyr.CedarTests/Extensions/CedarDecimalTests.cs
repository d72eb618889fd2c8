using Tyr.Cedar.Extensions;
using static Tyr.CedarTests.Extensions.Ext;

namespace Tyr.CedarTests.Extensions;

// Expected answers come from the official implementation (tests/cedar-oracle/probe.mjs).
public class CedarDecimalTests
{
    [Theory]
    [InlineData("1.0", 10_000L, "1.0")]
    [InlineData("1.00", 10_000L, "1.0")]
    [InlineData("00001.0000", 10_000L, "1.0")]
    [InlineData("1.2345", 12_345L, "1.2345")]
    [InlineData("1.05", 10_500L, "1.05")]
    [InlineData("-1.5", -15_000L, "-1.5")]
    [InlineData("-0.5", -5_000L, "-0.5")]
    [InlineData("-00.5", -5_000L, "-0.5")]
    [InlineData("-0.0001", -1L, "-0.0001")]
    [InlineData("-0.0", 0L, "0.0")]
    [InlineData("922337203685477.5807", long.MaxValue, "922337203685477.5807")]
    [InlineData("-922337203685477.5808", long.MinValue, "-922337203685477.5808")]
    public void Parses_to_ten_thousandths_with_a_canonical_form(string text, long units, string canonical)
    {
        var value = As<CedarDecimal>(Decimal(text));

        Assert.Equal(units, value.Units);
        Assert.Equal(canonical, value.ToCanonicalString());
        Assert.Equal(Decimal(text), Decimal(canonical));
    }

    [Theory]
    [InlineData("1.0", "1.00", true)]
    [InlineData("-1.5", "-1.50", true)]
    [InlineData("-0.0", "0.0", true)]
    [InlineData("-00.5", "-0.5", true)]
    [InlineData("-0.5", "0.5", false)]
    [InlineData("1.0001", "1.0", false)]
    public void Equality_is_numeric(string left, string right, bool equal)
    {
        Assert.Equal(equal, Decimal(left).Equals(Decimal(right)));
        if (equal)
        {
            Assert.Equal(Decimal(left).GetHashCode(), Decimal(right).GetHashCode());
        }
    }

    [Theory]
    [InlineData("-0.5", "0.0", -1)]
    [InlineData("-0.0001", "0.0", -1)]
    [InlineData("-1.5", "-1.4", -1)]
    [InlineData("-0.5", "-0.6", 1)]
    [InlineData("1.5", "1.5", 0)]
    [InlineData("1.5", "1.6", -1)]
    [InlineData("-922337203685477.5808", "922337203685477.5807", -1)]
    public void The_comparison_methods_order_numerically(string left, string right, int sign)
    {
        var l = Decimal(left);
        var r = Decimal(right);

        Assert.Equal(sign < 0, Bool(Method("lessThan", l, r)));
        Assert.Equal(sign <= 0, Bool(Method("lessThanOrEqual", l, r)));
        Assert.Equal(sign > 0, Bool(Method("greaterThan", l, r)));
        Assert.Equal(sign >= 0, Bool(Method("greaterThanOrEqual", l, r)));
    }

    [Fact]
    public void Decimals_are_not_ordered_by_the_comparison_operators() =>
        Assert.False(As<CedarDecimal>(Decimal("1.0")).IsOrdered);

    [Theory]
    [InlineData("1", "`1` is not a well-formed decimal value")]
    [InlineData("", "`` is not a well-formed decimal value")]
    [InlineData("-", "`-` is not a well-formed decimal value")]
    [InlineData("+1.0", "`+1.0` is not a well-formed decimal value")]
    [InlineData("--1.0", "`--1.0` is not a well-formed decimal value")]
    [InlineData(".5", "`.5` is not a well-formed decimal value")]
    [InlineData("-.5", "`-.5` is not a well-formed decimal value")]
    [InlineData("1.", "`1.` is not a well-formed decimal value")]
    [InlineData(" 1.0", "` 1.0` is not a well-formed decimal value")]
    [InlineData("1.0\n", "`1.0\n` is not a well-formed decimal value")]
    [InlineData("1.0e2", "`1.0e2` is not a well-formed decimal value")]
    [InlineData("1,0", "`1,0` is not a well-formed decimal value")]
    [InlineData("1.23456", "too many digits after the decimal in `1.23456`")]
    [InlineData("0.00000", "too many digits after the decimal in `0.00000`")]
    [InlineData("922337203685477.5808", "overflow when converting to decimal")]
    [InlineData("-922337203685477.5809", "overflow when converting to decimal")]
    [InlineData("922337203685478.0", "overflow when converting to decimal")]
    [InlineData("-922337203685478.0", "overflow when converting to decimal")]
    [InlineData("9223372036854775807.0", "overflow when converting to decimal")]
    [InlineData("12345678901234567890.0", "overflow when converting to decimal")]
    [InlineData("99999999999999999999.12345", "overflow when converting to decimal")]

    // Non-ASCII decimal digits pass the official pattern (\d is Unicode) but not its integer conversion.
    [InlineData("١.0", "overflow when converting to decimal")]
    [InlineData("1.٠", "overflow when converting to decimal")]
    [InlineData("𝟏.0", "overflow when converting to decimal")]
    [InlineData("1.٠٠٠", "too many digits after the decimal in `1.٠٠٠`")]
    public void Rejected_decimals_report_the_official_reason(string text, string reason)
    {
        Assert.Equal("error while evaluating `decimal` extension function: " + reason, ConstructorError("decimal", text));
        Assert.False(CedarDecimal.TryParse(text, out _));
    }

    [Fact]
    public void Printing_gives_cedar_source()
    {
        Assert.Equal("decimal(\"-12.34\")", Decimal("-12.340").ToString());
        Assert.Equal(12_340L, CedarDecimal.Parse("1.234").Units);
        Assert.Equal("1.234", CedarDecimal.FromUnits(12_340).ToCanonicalString());
    }
}
