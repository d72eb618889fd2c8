using Tyr.Server.Text;

namespace Tyr.UnitTests.Server;

public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("1970-01-01T00:00:01.000000001Z", 1_000_000_001L)]
    [InlineData("1970-01-01T01:00:00+01:00", 0L)]
    [InlineData("2025-01-31t08:00:00.5z", 1_738_310_400_500_000_000L)]
    public void Parses_to_unix_nanoseconds(string text, long expected)
    {
        Assert.True(Rfc3339.TryParseUnixNanoseconds(text, out var ns));
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("2025-01-31")]
    [InlineData("2025-01-31T08:00:00")]
    [InlineData("2025-13-01T00:00:00Z")]
    [InlineData("31/01/2025 08:00")]
    [InlineData("2025-01-31T08:00:00.1234567890Z")]
    [InlineData("1000-01-01T00:00:00Z")]
    public void Refuses_anything_else(string text) => Assert.False(Rfc3339.TryParseUnixNanoseconds(text, out _));

    [Fact]
    public void Formats_utc_with_milliseconds() =>
        Assert.Equal("2025-01-31T08:00:00.500Z", Rfc3339.FormatUnixMilliseconds(1_738_310_400_500));
}
