using System.Threading.Channels;
using Tyr.Daemon.Batching;
using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

public sealed class BatcherTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_batch_closes_at_max_events_without_waiting_for_the_delay()
    {
        var time = new ManualTimeProvider();
        var (events, sink, running) = Start(time, maxEvents: 100);

        foreach (var evt in TestEvents.Many(250))
        {
            await events.Writer.WriteAsync(evt, TestContext.Current.CancellationToken);
        }

        var first = await sink.NextAsync();
        var second = await sink.NextAsync();
        Assert.Equal(100, first.Count);
        Assert.Equal(100, second.Count);

        // The remaining 50 wait for the delay, which has not passed.
        await time.WaitForTimerAsync();
        Assert.Equal(0, sink.Pending);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(50, (await sink.NextAsync()).Count);

        events.Writer.Complete();
        await running.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_batch_closes_after_the_delay_with_fewer_events()
    {
        var time = new ManualTimeProvider();
        var (events, sink, running) = Start(time, maxEvents: 100);

        for (var i = 0; i < 3; i++)
        {
            await events.Writer.WriteAsync(TestEvents.FileRead("/etc/passwd"), TestContext.Current.CancellationToken);
        }

        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, sink.Pending);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(3, (await sink.NextAsync()).Count);
        events.Writer.Complete();
        await running.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_delay_counts_from_the_first_event_of_the_batch()
    {
        var time = new ManualTimeProvider();
        var (events, sink, running) = Start(time, maxEvents: 100);

        await events.Writer.WriteAsync(TestEvents.FileRead("/a"), TestContext.Current.CancellationToken);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromMilliseconds(600));
        await events.Writer.WriteAsync(TestEvents.FileRead("/b"), TestContext.Current.CancellationToken);
        time.Advance(TimeSpan.FromMilliseconds(400));

        var batch = await sink.NextAsync();
        Assert.Equal(["/a", "/b"], batch.Select(e => e.Resource));
        events.Writer.Complete();
        await running.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Completing_the_channel_flushes_the_partial_batch()
    {
        var time = new ManualTimeProvider();
        var (events, sink, running) = Start(time, maxEvents: 100);

        foreach (var evt in TestEvents.Many(5))
        {
            await events.Writer.WriteAsync(evt, TestContext.Current.CancellationToken);
        }

        events.Writer.Complete();
        await running.WaitAsync(s_wait, TestContext.Current.CancellationToken);
        Assert.Equal(5, (await sink.NextAsync()).Count);
    }

    [Fact]
    public async Task Events_without_id_or_time_get_a_uuid_v7_and_the_wall_clock()
    {
        var time = new ManualTimeProvider();
        var (events, sink, running) = Start(time, maxEvents: 2);
        var given = TestEvents.FileRead("/given", id: "0190a0b0-0000-7000-8000-000000000001");
        given.TimestampNs = 42;

        await events.Writer.WriteAsync(new Event { Kind = EventKind.Exec, Resource = "/usr/bin/true" }, TestContext.Current.CancellationToken);
        await events.Writer.WriteAsync(given, TestContext.Current.CancellationToken);
        var batch = await sink.NextAsync();

        var stamped = batch[0];
        Assert.Equal(7, Guid.Parse(stamped.EventId).Version);
        Assert.Equal((time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100, stamped.TimestampNs);
        Assert.Equal("0190a0b0-0000-7000-8000-000000000001", batch[1].EventId);
        Assert.Equal(42, batch[1].TimestampNs);
        events.Writer.Complete();
        await running.WaitAsync(s_wait, TestContext.Current.CancellationToken);
    }

    private static (Channel<Event> Events, CollectingSink Sink, Task Running) Start(TimeProvider time, int maxEvents)
    {
        var events = Channel.CreateUnbounded<Event>();
        var sink = new CollectingSink();
        var batcher = new Batcher(events.Reader, sink, new BatchLimits(maxEvents, TimeSpan.FromSeconds(1)), time);
        return (events, sink, Task.Run(batcher.RunAsync));
    }

    private sealed class CollectingSink : IBatchSink
    {
        private readonly Channel<IReadOnlyList<Event>> _batches = Channel.CreateUnbounded<IReadOnlyList<Event>>();

        public int Pending => _batches.Reader.Count;

        public void Write(IReadOnlyList<Event> events) => _batches.Writer.TryWrite(events);

        public async Task<IReadOnlyList<Event>> NextAsync() =>
            await _batches.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_wait);
    }
}
