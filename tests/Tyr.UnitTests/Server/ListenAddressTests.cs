using System.Net;
using Tyr.Server.Hosting;

namespace Tyr.UnitTests.Server;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("0.0.0.0:7700", "0.0.0.0:7700")]
    [InlineData("127.0.0.1:0", "127.0.0.1:0")]
    [InlineData("[::]:7701", "[::]:7701")]
    [InlineData("[::1]:65535", "[::1]:65535")]
    public void Ip_and_port_parse(string text, string formatted)
    {
        Assert.True(ListenAddress.TryParse(text, out var endPoint, out var error), error);
        Assert.Equal(formatted, ListenAddress.Format(endPoint));
    }

    [Theory]
    [InlineData("localhost:7700", "not an IP address")]
    [InlineData("0.0.0.0", "expected IP:PORT")]
    [InlineData("0.0.0.0:70000", "not a port number")]
    [InlineData("0.0.0.0:-1", "not a port number")]
    [InlineData("::1:7700", "expected IP:PORT")]
    [InlineData("[::1]7700", "expected [IPv6]:PORT")]
    public void Bad_addresses_are_refused_clearly(string text, string expected)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bound_ipv6_endpoint_formats_with_brackets() =>
        Assert.Equal("[::1]:4242", ListenAddress.Format(new IPEndPoint(IPAddress.IPv6Loopback, 4242)));
}
