using Tyr.Server.Tokens;

namespace Tyr.UnitTests.Server;

public sealed class TtlTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("7d", 604800)]
    [InlineData("365d", 31536000)]
    public void Valid_ttls_parse(string text, int seconds)
    {
        Assert.True(Ttl.TryParse(text, out var ttl, out var error), error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), ttl);
    }

    [Theory]
    [InlineData("", "not a TTL")]
    [InlineData("h", "not a TTL")]
    [InlineData("10", "not a TTL")]
    [InlineData("1w", "unknown unit 'w'")]
    [InlineData("0h", "greater than zero")]
    [InlineData("-1h", "not a TTL")]
    [InlineData("1.5h", "not a TTL")]
    [InlineData(" 1h", "not a TTL")]
    [InlineData("366d", "maximum TTL is 365d")]
    [InlineData("99999999999999999999s", "not a TTL")]
    public void Bad_ttls_are_refused_clearly(string text, string expected)
    {
        Assert.False(Ttl.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
