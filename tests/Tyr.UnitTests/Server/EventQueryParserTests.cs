using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Tyr.Protocol;
using Tyr.Server.Rest;

namespace Tyr.UnitTests.Server;

public sealed class EventQueryParserTests
{
    [Fact]
    public void No_parameters_means_the_first_100_events()
    {
        Assert.True(EventQueryParser.TryParse(Query(""), out var filter, out var error), error);
        Assert.Equal(new Tyr.Server.Storage.EventFilter(null, null, null, null, 100, 0), filter);
    }

    [Fact]
    public void Every_parameter_parses()
    {
        var agent = Guid.NewGuid();
        var cursor = EventCursor.Encode(41);

        Assert.True(EventQueryParser.TryParse(
            Query($"?agent_id={agent}&kind=exec&verdict=Deny&since=1970-01-01T00:00:01Z&limit=1000&cursor={cursor}"),
            out var filter, out var error), error);

        Assert.Equal(new Tyr.Server.Storage.EventFilter(agent, EventKind.Exec, Verdict.Deny, 1_000_000_000, 1000, 41), filter);
    }

    [Fact]
    public void Empty_values_mean_no_filter()
    {
        Assert.True(EventQueryParser.TryParse(Query("?agent_id=&kind="), out var filter, out var error), error);
        Assert.Null(filter.AgentId);
        Assert.Null(filter.Kind);
    }

    [Theory]
    [InlineData("?limit=0", "limit: must be an integer from 1 to 1000")]
    [InlineData("?limit=1001", "limit: must be an integer from 1 to 1000")]
    [InlineData("?limit=ten", "limit: must be an integer from 1 to 1000")]
    [InlineData("?limit=-5", "limit: must be an integer from 1 to 1000")]
    [InlineData("?agent_id=host-1", "agent_id: 'host-1' is not a UUID")]
    [InlineData("?kind=OPEN", "kind: 'OPEN' is not one of FILE_READ, FILE_WRITE, EXEC, NET_CONNECT, TLS")]
    [InlineData("?verdict=BLOCK", "verdict: 'BLOCK' is not one of ALLOW, DENY, ALERT")]
    [InlineData("?since=yesterday", "since: 'yesterday' is not an RFC 3339 time")]
    [InlineData("?cursor=abc", "cursor: not a next_cursor returned by this server")]
    [InlineData("?agentid=x", "agentid: unknown parameter")]
    [InlineData("?limit=1&limit=2", "limit: given 2 times")]
    public void Bad_parameters_are_refused_by_name(string query, string expected)
    {
        Assert.False(EventQueryParser.TryParse(Query(query), out _, out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cursors_round_trip_and_forgeries_are_refused()
    {
        Assert.True(EventCursor.TryDecode(EventCursor.Encode(123456789), out var sequence));
        Assert.Equal(123456789, sequence);
        Assert.False(EventCursor.TryDecode("djE6LTE", out _)); // "v1:-1"
        Assert.False(EventCursor.TryDecode("!!!", out _));
    }

    private static QueryCollection Query(string text) => new(QueryHelpers.ParseQuery(text));
}
