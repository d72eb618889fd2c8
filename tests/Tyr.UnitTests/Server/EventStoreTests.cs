using Tyr.Protocol;
using Tyr.Server.Storage;

namespace Tyr.UnitTests.Server;

public sealed class EventStoreTests : IDisposable
{
    private readonly ServerFixture _server = new();

    [Fact]
    public void Replayed_events_are_counted_as_duplicates_and_stored_once()
    {
        var agent = _server.AddAgent();
        var first = Batch(1, NewEvent(), NewEvent());
        var replay = Batch(2, first.Events[0].Clone(), first.Events[1].Clone(), NewEvent());

        Assert.Equal(new BatchResult(2, 0), _server.Events.StoreBatch(agent, first));
        Assert.Equal(new BatchResult(1, 2), _server.Events.StoreBatch(agent, replay));
        Assert.Equal(new BatchResult(0, 3), _server.Events.StoreBatch(agent, replay));
        Assert.Equal(3, All().Count);
    }

    [Fact]
    public void Event_ids_are_stored_canonically_so_case_does_not_defeat_idempotency()
    {
        var agent = _server.AddAgent();
        var e = NewEvent();
        var upper = e.Clone();
        upper.EventId = e.EventId.ToUpperInvariant();

        _server.Events.StoreBatch(agent, Batch(1, e));

        Assert.Equal(new BatchResult(0, 1), _server.Events.StoreBatch(agent, Batch(2, upper)));
        Assert.Equal(e.EventId, Assert.Single(All()).EventId);
    }

    [Fact]
    public void Agent_id_comes_from_the_caller_not_the_event()
    {
        var agent = _server.AddAgent();
        var e = NewEvent();
        e.AgentId = Guid.NewGuid().ToString();

        _server.Events.StoreBatch(agent, Batch(1, e));

        Assert.Equal(agent.ToString("D"), Assert.Single(All()).AgentId);
    }

    [Fact]
    public void Every_field_survives_the_round_trip()
    {
        var agent = _server.AddAgent();
        var e = NewEvent();
        e.DiscoveredAgentId = "cursor-1234";
        e.Kind = EventKind.NetConnect;
        e.Resource = "10.0.0.1:443";
        e.Verdict = Verdict.Deny;
        e.Severity = Severity.High;
        e.Pid = 4242;
        e.ProcessExe = "/usr/bin/curl";
        e.Cmdline = "curl https://example.com";
        e.TimestampNs = 1_738_310_400_123_456_789;
        e.Metadata.Add("sni", "example.com");
        e.Metadata.Add("quote", "a \"b\" é");
        e.PolicyVersion = 7;

        _server.Events.StoreBatch(agent, Batch(1, e));
        var stored = Assert.Single(All());

        Assert.Equal(
            new object[] { "cursor-1234", (int)EventKind.NetConnect, "10.0.0.1:443", (int)Verdict.Deny, (int)Severity.High, 4242L, "/usr/bin/curl", "curl https://example.com", 1_738_310_400_123_456_789L, 7L },
            new object[] { stored.DiscoveredAgentId, stored.Kind, stored.Resource, stored.Verdict, stored.Severity, stored.Pid, stored.ProcessExe, stored.Cmdline, stored.TimestampNs, stored.PolicyVersion });
        Assert.Equal(new Dictionary<string, string> { ["sni"] = "example.com", ["quote"] = "a \"b\" é" }, stored.Metadata);
    }

    [Theory]
    [InlineData("", "event 1: event_id is empty")]
    [InlineData("not-a-uuid", "event 1: event_id 'not-a-uuid' is not a UUID")]
    [InlineData("0191f2c0a8b17c3e9d5f4a2b1c0d9e8f", "is not a UUID")]
    public void Batches_with_a_bad_event_id_are_named_by_sequence_and_index(string badId, string expected)
    {
        var bad = NewEvent();
        bad.EventId = badId;
        var batch = Batch(17, NewEvent(), bad);

        var problem = EventStore.FindInvalidEvent(batch);

        Assert.NotNull(problem);
        Assert.StartsWith("event batch 17: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Null(EventStore.FindInvalidEvent(Batch(18, NewEvent())));
    }

    [Fact]
    public void Drop_counters_keep_the_highest_value_reported()
    {
        var agent = _server.AddAgent();
        var high = Batch(1);
        high.Drops = new DropCounters { SpoolDroppedEvents = 10, RingBufferDropped = 3, SourceDroppedEvents = 1 };
        var stale = Batch(2);
        stale.Drops = new DropCounters { SpoolDroppedEvents = 4, RingBufferDropped = 5, SourceDroppedEvents = ulong.MaxValue };

        _server.Events.StoreBatch(agent, high);
        _server.Events.StoreBatch(agent, stale);

        var record = _server.Agents.Find(agent)!;
        Assert.Equal(new DropCounts(10, 5, long.MaxValue), record.Drops);
        Assert.Equal(_server.Time.GetUtcNow().ToUnixTimeMilliseconds(), record.LastSeen);
    }

    [Fact]
    public void Cursor_pages_through_every_event_once_in_arrival_order()
    {
        var agent = _server.AddAgent();
        var ids = new List<string>();
        for (var b = 0; b < 5; b++)
        {
            var batch = Batch((ulong)b, NewEvent(), NewEvent(), NewEvent());
            ids.AddRange(batch.Events.Select(e => e.EventId));
            _server.Events.StoreBatch(agent, batch);
        }

        var seen = new List<string>();
        long after = 0;
        var pages = 0;
        while (true)
        {
            var page = _server.Events.Query(new EventFilter(null, null, null, null, 4, after));
            seen.AddRange(page.Events.Select(e => e.EventId));
            pages++;
            after = page.Position;
            if (!page.HasMore)
            {
                break;
            }
        }

        Assert.Equal(ids, seen);
        Assert.Equal(4, pages); // 4 + 4 + 4 + 3
    }

    [Fact]
    public void Last_page_that_is_exactly_full_has_no_more()
    {
        var agent = _server.AddAgent();
        _server.Events.StoreBatch(agent, Batch(1, NewEvent(), NewEvent()));

        Assert.False(_server.Events.Query(new EventFilter(null, null, null, null, 2, 0)).HasMore);
        Assert.True(_server.Events.Query(new EventFilter(null, null, null, null, 1, 0)).HasMore);
    }

    [Fact]
    public void A_follower_polling_with_its_last_position_sees_each_new_event_once()
    {
        var agent = _server.AddAgent();
        _server.Events.StoreBatch(agent, Batch(1, NewEvent()));
        var first = _server.Events.Query(new EventFilter(null, null, null, null, 10, 0));

        var idle = _server.Events.Query(new EventFilter(null, null, null, null, 10, first.Position));
        var late = NewEvent();
        _server.Events.StoreBatch(agent, Batch(2, late));
        var next = _server.Events.Query(new EventFilter(null, null, null, null, 10, idle.Position));

        Assert.Empty(idle.Events);
        Assert.Equal(first.Position, idle.Position);
        Assert.Equal([late.EventId], next.Events.Select(e => e.EventId));
    }

    [Fact]
    public void Filters_combine()
    {
        var a = _server.AddAgent("a");
        var b = _server.AddAgent("b");
        var old = NewEvent(EventKind.Exec, Verdict.Deny, timestampNs: 100);
        var match = NewEvent(EventKind.Exec, Verdict.Deny, timestampNs: 200);
        var otherKind = NewEvent(EventKind.FileRead, Verdict.Deny, timestampNs: 300);
        var otherVerdict = NewEvent(EventKind.Exec, Verdict.Allow, timestampNs: 300);
        _server.Events.StoreBatch(a, Batch(1, old, match, otherKind, otherVerdict));
        _server.Events.StoreBatch(b, Batch(1, NewEvent(EventKind.Exec, Verdict.Deny, timestampNs: 500)));

        var page = _server.Events.Query(new EventFilter(a, EventKind.Exec, Verdict.Deny, 150, 100, 0));

        Assert.Equal(match.EventId, Assert.Single(page.Events).EventId);
    }

    public void Dispose() => _server.Dispose();

    private List<StoredEvent> All() => [.. _server.Events.Query(new EventFilter(null, null, null, null, 1000, 0)).Events];

    private static EventBatch Batch(ulong sequence, params Event[] events)
    {
        var batch = new EventBatch { Sequence = sequence };
        batch.Events.AddRange(events);
        return batch;
    }

    private static Event NewEvent(EventKind kind = EventKind.FileRead, Verdict verdict = Verdict.Allow, long timestampNs = 1) => new()
    {
        EventId = Guid.CreateVersion7().ToString("D"),
        Kind = kind,
        Verdict = verdict,
        Resource = "/etc/hosts",
        TimestampNs = timestampNs,
    };
}
