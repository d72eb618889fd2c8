using Tyr.Daemon.Config;
using Tyr.Daemon.Metrics;

namespace Tyr.UnitTests.Metrics;

public sealed class MetricsListenTests
{
    [Theory]
    [InlineData("127.0.0.1:7702", "127.0.0.1:7702")]
    [InlineData("127.0.0.2:9000", "127.0.0.2:9000")]
    [InlineData("localhost:7703", "127.0.0.1:7703")]
    [InlineData("[::1]:7702", "[::1]:7702")]
    [InlineData("off", "off")]
    public void LoopbackAddressesAndOffAreAccepted(string text, string expected)
    {
        Assert.True(MetricsListen.TryParse(text, out var listen, out var error), error);
        Assert.Equal(expected, listen.ToString());
    }

    [Theory]
    [InlineData("0.0.0.0:7702", "not a loopback address")]
    [InlineData("10.1.2.3:7702", "not a loopback address")]
    [InlineData("[::]:7702", "not a loopback address")]
    [InlineData("example.com:7702", "not an IP address")]
    [InlineData("127.0.0.1", "expected HOST:PORT")]
    [InlineData("127.0.0.1:0", "expected HOST:PORT")]
    [InlineData("127.0.0.1:70000", "expected HOST:PORT")]
    [InlineData("", "expected HOST:PORT")]
    public void OtherAddressesAreRefusedSayingWhy(string text, string expected)
    {
        Assert.False(MetricsListen.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheKeyTyrdListensOn127001Port7702()
    {
        Assert.Equal("http://127.0.0.1:7702/metrics", DaemonConfigLoader.Parse("heartbeat_interval_s: 5\n", "/etc/tyr/tyrd.yaml").Metrics.Url);
    }

    [Fact]
    public void APublicAddressInTheConfigIsAnErrorAtItsLine()
    {
        const string yaml = "heartbeat_interval_s: 5\nmetrics:\n  listen: 0.0.0.0:7702\n";

        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse(yaml, "/etc/tyr/tyrd.yaml"));

        Assert.StartsWith("/etc/tyr/tyrd.yaml:3:11: metrics.listen: 0.0.0.0 is not a loopback address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMisspeltMetricsKeyIsAnError()
    {
        var error = Assert.Throws<ConfigException>(() => DaemonConfigLoader.Parse("metrics:\n  listn: off\n", "tyrd.yaml"));
        Assert.Contains("unknown key 'metrics.listn'", error.Message, StringComparison.Ordinal);
    }
}
