using Tyr.Server.Pki;

namespace Tyr.UnitTests.Server;

public sealed class ServerNamesTests
{
    [Fact]
    public void Default_names_are_host_localhost_and_both_loopbacks()
    {
        var names = ServerNames.Default("Build-Box");

        Assert.Equal(["build-box", "localhost"], names.DnsNames);
        Assert.Equal(["127.0.0.1", "::1"], names.IpAddresses);
    }

    [Fact]
    public void Ips_are_compared_by_value_and_names_without_case()
    {
        Assert.True(ServerNames.TryParse(["0:0:0:0:0:0:0:1", "Tyr.Example.COM"], out var a, out _));
        Assert.True(ServerNames.TryParse(["::1", "tyr.example.com"], out var b, out _));

        Assert.True(a.SetEquals(b));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("-leading.example")]
    [InlineData("")]
    [InlineData("a..b")]
    public void Invalid_names_are_refused_by_name(string value)
    {
        Assert.False(ServerNames.TryParse([value], out _, out var error));
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }
}
