using Tyr.Cedar.Extensions;
using static Tyr.CedarTests.Extensions.Ext;

namespace Tyr.CedarTests.Extensions;

// Expected answers come from the official implementation (tests/cedar-oracle/probe.mjs).
public class IpAddressTests
{
    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4")]
    [InlineData("1.2.3.4/32", "1.2.3.4")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255/0", "255.255.255.255/0")]
    [InlineData("::", "::")]
    [InlineData("::/0", "::/0")]
    [InlineData("::1", "::1")]
    [InlineData("::1/128", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("::FFFF:1", "::ffff:1")]
    [InlineData("0001::", "1::")]
    [InlineData("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0")]
    [InlineData("::1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7")]
    [InlineData("1:0:0:1:0:0:0:1", "1:0:0:1::1")]
    [InlineData("1:0:0:1:0:0:1:1", "1::1:0:0:1:1")]
    [InlineData("2001:DB8::/32", "2001:db8::/32")]
    [InlineData("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/128", "abcd:ef01:2345:6789:abcd:ef01:2345:6789")]
    public void Accepted_addresses_have_a_canonical_form_that_parses_back_to_an_equal_value(string text, string canonical)
    {
        var value = Ip(text);

        Assert.Equal(canonical, As<IpAddress>(value).ToCanonicalString());
        Assert.Equal(value, Ip(canonical));
        Assert.Equal("ip(\"" + canonical + "\")", value.ToString());
    }

    [Theory]
    [InlineData("1.2.3.4", "1.2.3.4/32", true)]
    [InlineData("::1", "::1/128", true)]
    [InlineData("::1", "0:0:0:0:0:0:0:1", true)]
    [InlineData("::FFFF:1", "::ffff:1", true)]
    [InlineData("10.0.0.1/8", "10.0.0.0/8", false)]
    [InlineData("10.0.0.0/8", "10.0.0.0/9", false)]
    [InlineData("1.2.3.4", "::102:304", false)]
    [InlineData("0.0.0.0/0", "::/0", false)]
    public void Equality_compares_version_address_and_prefix(string left, string right, bool equal)
    {
        var a = Ip(left);
        var b = Ip(right);

        Assert.Equal(equal, a.Equals(b));
        Assert.Equal(equal, b.Equals(a));
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void An_ip_is_never_equal_to_another_extension_type_or_its_string()
    {
        Assert.False(Ip("1.2.3.4").Equals(Decimal("1.0")));
        Assert.False(Ip("1.2.3.4").Equals(Tyr.Cedar.Values.Value.String("1.2.3.4")));
    }

    [Theory]
    [InlineData("1.2.3.4", true, false, false)]
    [InlineData("1.2.3.4/0", true, false, false)]
    [InlineData("::1", false, true, true)]
    [InlineData("::1/127", false, true, false)]
    [InlineData("127.0.0.1", true, false, true)]
    [InlineData("127.0.0.1/8", true, false, true)]
    [InlineData("127.255.0.0/16", true, false, true)]
    [InlineData("127.0.0.1/7", true, false, false)]
    [InlineData("::ffff:7f00:1", false, true, false)]
    [InlineData("0.0.0.0", true, false, false)]
    [InlineData("::", false, true, false)]
    public void Version_and_loopback(string text, bool isIpv4, bool isIpv6, bool isLoopback)
    {
        var ip = Ip(text);

        Assert.Equal(isIpv4, Bool(Method("isIpv4", ip)));
        Assert.Equal(isIpv6, Bool(Method("isIpv6", ip)));
        Assert.Equal(isLoopback, Bool(Method("isLoopback", ip)));
    }

    [Theory]
    [InlineData("224.0.0.1", true)]
    [InlineData("224.0.0.1/4", true)]
    [InlineData("224.0.0.1/3", false)]
    [InlineData("239.255.255.255", true)]
    [InlineData("240.0.0.0", false)]
    [InlineData("223.255.255.255", false)]
    [InlineData("ff00::", true)]
    [InlineData("ff00::/8", true)]
    [InlineData("ff00::/7", false)]
    [InlineData("ff02::1", true)]
    [InlineData("fe80::1", false)]
    public void Multicast_ranges_must_lie_wholly_inside_the_multicast_block(string text, bool isMulticast) =>
        Assert.Equal(isMulticast, Bool(Method("isMulticast", Ip(text))));

    [Theory]
    [InlineData("1.2.3.4", "1.2.3.0/24", true)]
    [InlineData("1.2.4.4", "1.2.3.0/24", false)]
    [InlineData("1.2.3.4/32", "1.2.3.4", true)]
    [InlineData("10.0.0.1/8", "10.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", "10.0.0.1/8", true)]
    [InlineData("10.0.0.0/7", "10.0.0.0/8", false)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", true)]
    [InlineData("0.0.0.0/0", "255.0.0.0/0", true)]
    [InlineData("8.8.8.8", "0.0.0.0/0", true)]
    [InlineData("::1", "1.2.3.4/0", false)]
    [InlineData("1.2.3.4", "::/0", false)]
    [InlineData("2001:db8::1", "2001:db8::/32", true)]
    [InlineData("2001:db9::1", "2001:db8::/32", false)]
    [InlineData("::1", "::/0", true)]
    [InlineData("::/0", "::1", false)]
    [InlineData("::1", "::1", true)]
    public void IsInRange_holds_when_the_whole_range_is_contained(string inner, string outer, bool expected) =>
        Assert.Equal(expected, Bool(Method("isInRange", Ip(inner), Ip(outer))));

    [Theory]
    [InlineData("1", "invalid IP address: 1")]
    [InlineData("", "invalid IP address: ")]
    [InlineData("01.2.3.4", "invalid IP address: 01.2.3.4")]
    [InlineData("1.2.3.04", "invalid IP address: 1.2.3.04")]
    [InlineData("256.1.1.1", "invalid IP address: 256.1.1.1")]
    [InlineData("1.2.3", "invalid IP address: 1.2.3")]
    [InlineData("1.2.3.4.5", "invalid IP address: 1.2.3.4.5")]
    [InlineData(" 1.2.3.4", "invalid IP address:  1.2.3.4")]
    [InlineData("1.2.3.4\n", "invalid IP address: 1.2.3.4\n")]
    [InlineData("1.2.3.4:80", "invalid IP address: 1.2.3.4:80")]
    [InlineData("1::2::3", "invalid IP address: 1::2::3")]
    [InlineData(":1::", "invalid IP address: :1::")]
    [InlineData("1::2:", "invalid IP address: 1::2:")]
    [InlineData("00001::", "invalid IP address: 00001::")]
    [InlineData("1:2:3:4:5:6:7:8:9", "invalid IP address: 1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7::8", "invalid IP address: 1:2:3:4:5:6:7::8")]
    [InlineData("1:2:3:4:5:6:7:8::", "invalid IP address: 1:2:3:4:5:6:7:8::")]
    [InlineData("::1:2:3:4:5:6:7:8", "invalid IP address: ::1:2:3:4:5:6:7:8")]
    [InlineData("fe80::1%eth0", "invalid IP address: fe80::1%eth0")]
    [InlineData("::ffff:1.2", "invalid IP address: ::ffff:1.2")]
    [InlineData("::ffff:1.2.3.4", "error parsing IP address from string: We do not accept IPv4 embedded in IPv6 (e.g., ::ffff:127.0.0.1). Found: `::ffff:1.2.3.4`")]
    [InlineData("::1.2.3.4", "error parsing IP address from string: We do not accept IPv4 embedded in IPv6 (e.g., ::ffff:127.0.0.1). Found: `::1.2.3.4`")]
    [InlineData("::/1..", "error parsing IP address from string: We do not accept IPv4 embedded in IPv6 (e.g., ::ffff:127.0.0.1). Found: `::/1..`")]
    [InlineData("ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/1280", "error parsing IP address from string `ABCD:EF01:2345:6789:ABCD:EF01:2345:6789/1280`: string length is too large")]
    [InlineData("1.2.3/8", "error parsing IP address from the string `1.2.3`: invalid IP address syntax")]
    [InlineData("1.2.3.4/33", "error parsing prefix: 33 is larger than the limit 32")]
    [InlineData("::/129", "error parsing prefix: 129 is larger than the limit 128")]
    [InlineData("::/999", "error parsing prefix from the string `999`: number too large to fit in target type")]
    [InlineData("1.2.3.4/08", "error parsing prefix `08`: leading zero(s)")]
    [InlineData("::/00", "error parsing prefix `00`: leading zero(s)")]
    [InlineData("1.2.3.4/+8", "error parsing prefix `+8`: encountered non-digit")]
    [InlineData("1.2.3.4/-0", "error parsing prefix `-0`: encountered non-digit")]
    [InlineData("1.2.3.4/ 8", "error parsing prefix ` 8`: encountered non-digit")]
    [InlineData("::/1.2", "error parsing prefix `1.2`: encountered non-digit")]
    [InlineData("::1/ab/", "error parsing prefix `ab/`: encountered non-digit")]
    [InlineData("1.2.3.4/é", "error parsing prefix `é`: encountered non-digit")]
    [InlineData("1.2.3.4/", "error parsing prefix from the string ``: cannot parse integer from empty string")]
    [InlineData("1.2.3.4/999", "error parsing prefix: string length 3 is too large")]
    [InlineData("1.2.3.4/8/8", "error parsing prefix: string length 3 is too large")]
    [InlineData("::/0128", "error parsing prefix: string length 4 is too large")]
    [InlineData("1.2.3.4/éé", "error parsing prefix: string length 4 is too large")]
    public void Rejected_addresses_report_the_official_reason(string text, string reason)
    {
        Assert.Equal("error while evaluating `ipaddr` extension function: " + reason, ConstructorError("ip", text));
        Assert.False(IpAddress.TryParse(text, out _));
        Assert.Equal(reason, Assert.Throws<FormatException>(() => IpAddress.Parse(text)).Message);
    }

    [Fact]
    public void The_public_parser_exposes_the_address_shape()
    {
        Assert.True(IpAddress.TryParse("192.168.0.0/16", out var range));
        Assert.True(range.IsIpv4);
        Assert.Equal(16, range.PrefixLength);
        Assert.Equal(128, IpAddress.Parse("fe80::1").PrefixLength);
        Assert.True(IpAddress.Parse("192.168.4.5").IsInRange(range));
    }
}
