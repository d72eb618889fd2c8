using Tyr.Server.Tokens;
using Tyr.UnitTests.Server;

namespace Tyr.UnitTests.Metrics;

public sealed class MetricsTokenTests : IDisposable
{
    private readonly ServerFixture _server = new();

    [Fact]
    public void AMetricsTokenIsKnownButIsNoOperator()
    {
        var token = _server.OperatorTokens.Create("prometheus", TokenScope.Metrics);

        Assert.Equal(new TokenHolder("prometheus", TokenScope.Metrics), _server.OperatorTokens.Identify(token));
        Assert.Null(_server.OperatorTokens.Authenticate(token));
        Assert.False(_server.OperatorTokens.IsValid(token));
    }

    [Fact]
    public void AnOperatorTokenKeepsItsScopeAndAuthor()
    {
        var token = _server.OperatorTokens.Create("alice");

        Assert.Equal(new TokenHolder("alice", TokenScope.Operator), _server.OperatorTokens.Identify(token));
        Assert.Equal("alice", _server.OperatorTokens.Authenticate(token));
        Assert.Null(_server.OperatorTokens.Identify(token + "x"));
    }

    public void Dispose() => _server.Dispose();
}
