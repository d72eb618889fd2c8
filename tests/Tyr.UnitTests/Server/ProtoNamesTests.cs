using Tyr.Protocol;
using Tyr.Server.Text;

namespace Tyr.UnitTests.Server;

public sealed class ProtoNamesTests
{
    [Fact]
    public void Kind_names_round_trip_case_insensitively()
    {
        foreach (var name in ProtoNames.KindNames)
        {
            Assert.True(ProtoNames.TryParseKind(name.ToLowerInvariant(), out var kind));
            Assert.Equal(name, ProtoNames.Kind(kind));
        }

        Assert.Equal(EventKind.NetConnect, ProtoNames.TryParseKind("net_connect", out var k) ? k : default);
        Assert.False(ProtoNames.TryParseKind("UNSPECIFIED", out _));
    }

    [Fact]
    public void Verdict_names_round_trip()
    {
        foreach (var name in ProtoNames.VerdictNames)
        {
            Assert.True(ProtoNames.TryParseVerdict(name, out var verdict));
            Assert.Equal(name, ProtoNames.Verdict(verdict));
        }
    }

    [Fact]
    public void Unknown_and_unset_values_are_visible()
    {
        Assert.Equal("UNSPECIFIED", ProtoNames.Severity(Severity.Unspecified));
        Assert.Equal("CRITICAL", ProtoNames.Severity(Severity.Critical));
        Assert.Equal("42", ProtoNames.Kind((EventKind)42));
    }
}
