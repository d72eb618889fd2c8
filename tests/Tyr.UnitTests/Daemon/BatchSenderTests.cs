using System.Threading.Channels;
using Grpc.Core;
using Tyr.Daemon.Events;
using Tyr.Daemon.Spool;
using Tyr.Daemon.Transport;
using Tyr.Protocol;

namespace Tyr.UnitTests.Daemon;

public sealed class BatchSenderTests : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory = new();
    private readonly EventSpool _spool;
    private readonly DropLedger _drops;

    public BatchSenderTests()
    {
        _spool = EventSpool.Open(_directory.File("spool.db"), 1_000_000, new ManualTimeProvider());
        _drops = new DropLedger(_spool, Array.Empty<IEventSource>());
    }

    public void Dispose()
    {
        _spool.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Sends_in_sequence_order_and_stops_at_the_window_until_acks_arrive()
    {
        for (var i = 0; i < 5; i++)
        {
            _spool.Append(TestEvents.Many(2), default);
        }

        await using var stream = new SessionUnderTest(_spool, _drops, window: 2);

        Assert.Equal(new ulong[] { 1, 2 }, new[] { (await stream.NextAsync()).Sequence, (await stream.NextAsync()).Sequence });
        Assert.False(stream.HasMore);

        stream.Sender.OnAck(new BatchAck { Sequence = 1 });
        Assert.Equal(3UL, (await stream.NextAsync()).Sequence);
        Assert.Equal(4, _spool.BatchCount);
        Assert.True(stream.Sender.AnyAcknowledged);
    }

    [Fact]
    public async Task New_batches_are_sent_as_they_are_spooled()
    {
        await using var stream = new SessionUnderTest(_spool, _drops, window: 64);
        _spool.Append(TestEvents.Many(3), default);

        var batch = await stream.NextAsync();
        Assert.Equal(1UL, batch.Sequence);
        Assert.Equal(3, batch.Events.Count);
        Assert.NotNull(batch.Drops);
    }

    [Fact]
    public async Task A_new_stream_replays_everything_unacknowledged_from_the_oldest()
    {
        for (var i = 0; i < 4; i++)
        {
            _spool.Append(TestEvents.Many(1), default);
        }

        await using (var first = new SessionUnderTest(_spool, _drops, window: 64))
        {
            for (var i = 0; i < 4; i++)
            {
                await first.NextAsync();
            }

            first.Sender.OnAck(new BatchAck { Sequence = 2 });
        }

        await using var second = new SessionUnderTest(_spool, _drops, window: 64);
        Assert.Equal(new ulong[] { 1, 3, 4 }, new[] { (await second.NextAsync()).Sequence, (await second.NextAsync()).Sequence, (await second.NextAsync()).Sequence });
    }

    [Fact]
    public async Task Every_batch_carries_the_current_drop_counters()
    {
        using var spool = EventSpool.Open(_directory.File("small.db"), 2, new ManualTimeProvider());
        spool.Append(TestEvents.Many(2), new SourceDropTotals(7, 3));
        spool.Append(TestEvents.Many(2), new SourceDropTotals(7, 3));

        // Built after the totals were saved, as on the next start.
        var drops = new DropLedger(spool, Array.Empty<IEventSource>());
        await using var stream = new SessionUnderTest(spool, drops, window: 64);
        var batch = await stream.NextAsync();

        Assert.Equal(2UL, batch.Sequence);
        Assert.Equal(2UL, batch.Drops.SpoolDroppedEvents);
        Assert.Equal(7UL, batch.Drops.SourceDroppedEvents);
        Assert.Equal(3UL, batch.Drops.RingBufferDropped);
    }

    /// <summary>A BatchSender writing through an OutboundWriter into a recording stream.</summary>
    private sealed class SessionUnderTest : IAsyncDisposable
    {
        private readonly RecordingStream _stream = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _writing;
        private readonly Task _sending;

        public SessionUnderTest(EventSpool spool, DropLedger drops, int window)
        {
            Sender = new BatchSender(spool, drops, window);
            var writer = new OutboundWriter(_stream);
            _writing = writer.RunAsync(_stop.Token);
            _sending = Sender.RunAsync(writer, _stop.Token);
        }

        public BatchSender Sender { get; }

        public bool HasMore => _stream.Messages.Reader.Count > 0;

        public async Task<EventBatch> NextAsync()
        {
            var message = await _stream.Messages.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(s_wait);
            return message.EventBatch;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _sending);
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _writing);
            Sender.Dispose();
            _stop.Dispose();
        }
    }

    private sealed class RecordingStream : IClientStreamWriter<AgentMessage>
    {
        public Channel<AgentMessage> Messages { get; } = Channel.CreateUnbounded<AgentMessage>();

        public WriteOptions? WriteOptions { get; set; }

        public Task CompleteAsync()
        {
            Messages.Writer.Complete();
            return Task.CompletedTask;
        }

        public Task WriteAsync(AgentMessage message) => WriteAsync(message, CancellationToken.None);

        public Task WriteAsync(AgentMessage message, CancellationToken cancellationToken) =>
            Messages.Writer.WriteAsync(message, cancellationToken).AsTask();
    }
}
