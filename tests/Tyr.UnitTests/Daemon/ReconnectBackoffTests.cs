using Tyr.Daemon.Transport;

namespace Tyr.UnitTests.Daemon;

public sealed class ReconnectBackoffTests
{
    private static readonly TimeSpan s_initial = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_max = TimeSpan.FromSeconds(30);

    [Fact]
    public void Every_delay_lies_between_the_initial_delay_and_the_maximum()
    {
        var backoff = new ReconnectBackoff(s_initial, s_max);
        for (var i = 0; i < 1000; i++)
        {
            var delay = backoff.Next();
            Assert.InRange(delay, s_initial, s_max);
        }
    }

    [Fact]
    public void The_ceiling_doubles_per_failure_up_to_the_maximum()
    {
        var backoff = new ReconnectBackoff(s_initial, s_max, random: () => 1.0);
        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Next().TotalMilliseconds).ToList();

        Assert.Equal([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000], delays);
    }

    [Fact]
    public void Jitter_spans_the_whole_range_down_to_the_initial_delay()
    {
        var low = new ReconnectBackoff(s_initial, s_max, random: () => 0.0);
        var middle = new ReconnectBackoff(s_initial, s_max, random: () => 0.5);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(s_initial, low.Next());
        }

        Assert.Equal(TimeSpan.FromMilliseconds(750), middle.Next());
        Assert.Equal(TimeSpan.FromMilliseconds(1250), middle.Next());
    }

    [Fact]
    public void Reset_starts_again_from_the_initial_delay()
    {
        var backoff = new ReconnectBackoff(s_initial, s_max, random: () => 1.0);
        for (var i = 0; i < 10; i++)
        {
            backoff.Next();
        }

        Assert.Equal(s_max, backoff.Ceiling);
        backoff.Reset();
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next());
    }

    [Fact]
    public void Thousands_of_failures_do_not_overflow()
    {
        var backoff = new ReconnectBackoff(s_initial, s_max, random: () => 1.0);
        for (var i = 0; i < 10_000; i++)
        {
            var ceiling = backoff.Ceiling;
            Assert.Equal(ceiling, backoff.Next());
            Assert.InRange(ceiling, s_initial, s_max);
        }
    }
}
