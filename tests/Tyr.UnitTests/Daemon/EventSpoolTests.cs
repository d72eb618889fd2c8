using Tyr.Daemon.Spool;

namespace Tyr.UnitTests.Daemon;

public sealed class EventSpoolTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();

    private string SpoolPath => _directory.File("spool.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Sequence_keeps_growing_across_reopening_the_file_even_when_everything_was_acknowledged()
    {
        using (var spool = Open())
        {
            Assert.Equal(1, spool.Append(TestEvents.Many(2), default));
            Assert.Equal(2, spool.Append(TestEvents.Many(2), default));
            Assert.Equal(3, spool.Append(TestEvents.Many(2), default));
            Assert.True(spool.Acknowledge(1));
            Assert.True(spool.Acknowledge(2));
            Assert.True(spool.Acknowledge(3));
            Assert.Equal(0, spool.BatchCount);
        }

        using (var reopened = Open())
        {
            Assert.Equal(3, reopened.LastSequence);
            Assert.Equal(4, reopened.Append(TestEvents.Many(1), default));
        }
    }

    [Fact]
    public void An_acknowledged_batch_leaves_the_spool_and_an_unknown_ack_changes_nothing()
    {
        using var spool = Open();
        spool.Append(TestEvents.Many(3), default);
        spool.Append(TestEvents.Many(4), default);

        Assert.True(spool.Acknowledge(1));
        Assert.False(spool.Acknowledge(1));
        Assert.False(spool.Acknowledge(99));

        var left = Assert.Single(spool.ReadAfter(0, 64));
        Assert.Equal(2, left.Sequence);
        Assert.Equal(1, spool.BatchCount);
        Assert.Equal(4, spool.EventCount);
    }

    [Fact]
    public void Batches_replay_oldest_first_with_their_events_and_sequence()
    {
        using var spool = Open();
        var batches = Enumerable.Range(0, 5).Select(i => TestEvents.Many(3, $"/batch{i}/")).ToList();
        foreach (var batch in batches)
        {
            spool.Append(batch, default);
        }

        Assert.Equal([1L, 2, 3, 4, 5], spool.ReadAfter(0, 64).Select(b => b.Sequence));
        Assert.Equal([3L, 4], spool.ReadAfter(2, 2).Select(b => b.Sequence));

        var third = spool.ReadAfter(2, 1)[0].Parse();
        Assert.Equal(3UL, third.Sequence);
        Assert.Null(third.Drops);
        Assert.Equal(batches[2].Select(e => e.EventId), third.Events.Select(e => e.EventId));
        Assert.Equal(batches[2].Select(e => e.Resource), third.Events.Select(e => e.Resource));
    }

    [Fact]
    public void Over_the_cap_the_oldest_batches_are_dropped_counted_and_the_count_survives_a_restart()
    {
        using (var spool = Open(maxEvents: 250))
        {
            spool.Append(TestEvents.Many(100), default);
            spool.Append(TestEvents.Many(100), default);
            Assert.Equal(0UL, spool.SpoolDroppedEvents);

            spool.Append(TestEvents.Many(100), default);

            Assert.Equal(100UL, spool.SpoolDroppedEvents);
            Assert.Equal([2L, 3], spool.ReadAfter(0, 64).Select(b => b.Sequence));
            Assert.Equal(200, spool.EventCount);
            Assert.Equal(2, spool.BatchCount);
        }

        using (var reopened = Open(maxEvents: 250))
        {
            Assert.Equal(100UL, reopened.SpoolDroppedEvents);
            Assert.Equal(200, reopened.EventCount);
            reopened.Append(TestEvents.Many(100), default);
            Assert.Equal(200UL, reopened.SpoolDroppedEvents);
            Assert.Equal([3L, 4], reopened.ReadAfter(0, 64).Select(b => b.Sequence));
        }
    }

    [Fact]
    public void The_newest_batch_is_never_the_one_dropped()
    {
        using var spool = Open(maxEvents: 10);
        spool.Append(TestEvents.Many(8), default);
        spool.Append(TestEvents.Many(10), default);

        Assert.Equal(8UL, spool.SpoolDroppedEvents);
        Assert.Equal(2, Assert.Single(spool.ReadAfter(0, 64)).Sequence);
    }

    [Fact]
    public void Source_drop_totals_are_saved_with_batches_and_on_their_own()
    {
        using (var spool = Open())
        {
            spool.Append(TestEvents.Many(1), new SourceDropTotals(3, 1));
            Assert.Equal(new SourceDropTotals(3, 1), spool.SavedSourceDrops);
        }

        using (var reopened = Open())
        {
            Assert.Equal(new SourceDropTotals(3, 1), reopened.SavedSourceDrops);
            reopened.SaveSourceDrops(new SourceDropTotals(5, 2));
        }

        using var again = Open();
        Assert.Equal(new SourceDropTotals(5, 2), again.SavedSourceDrops);
    }

    [Fact]
    public void Appending_raises_BatchAppended()
    {
        using var spool = Open();
        var raised = 0;
        spool.BatchAppended += () => raised++;
        spool.Append(TestEvents.Many(1), default);
        Assert.Equal(1, raised);
    }

    private EventSpool Open(long maxEvents = 1_000_000) => EventSpool.Open(SpoolPath, maxEvents, _time);
}
