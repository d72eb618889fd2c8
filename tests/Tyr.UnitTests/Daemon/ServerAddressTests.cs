using Tyr.Daemon.Transport;

namespace Tyr.UnitTests.Daemon;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("tyr.example.com:7700", "tyr.example.com", 7700, "https://tyr.example.com:7700/")]
    [InlineData("127.0.0.1:1", "127.0.0.1", 1, "https://127.0.0.1:1/")]
    [InlineData("[::1]:7700", "::1", 7700, "https://[::1]:7700/")]
    public void Host_and_port_are_split(string text, string host, int port, string uri)
    {
        Assert.True(ServerAddress.TryParse(text, out var address));
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(uri, address.ToUri().ToString());
        Assert.Equal(text, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("tyr.example.com")]
    [InlineData("tyr.example.com:")]
    [InlineData(":7700")]
    [InlineData("tyr.example.com:70000")]
    [InlineData("tyr.example.com:-1")]
    [InlineData("https://tyr.example.com:7700")]
    [InlineData("::1:7700")]
    [InlineData("bad host:7700")]
    public void Anything_else_is_refused(string text) => Assert.False(ServerAddress.TryParse(text, out _));
}
