namespace Tyr.Daemon.Metrics;

/// <summary>
/// Events per second over the last 10 s, for people (<c>tyrd status</c>); Prometheus derives its
/// own rates from the counter. Samples the total once a second into a ring, so counting an event
/// costs nothing extra.
/// </summary>
internal sealed class EventRateSampler : IDisposable
{
    public const int WindowSeconds = 10;

    private readonly long[] _totals = new long[WindowSeconds + 1];
    private readonly Func<long> _total;
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private int _next;
    private int _filled;

    public EventRateSampler(Func<long> total)
    {
        _total = total;
        Sample();
        _timer = new Timer(_ => Sample(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Events per second over the window (or over the time since start, when shorter).</summary>
    public double PerSecond()
    {
        lock (_gate)
        {
            if (_filled < 2)
            {
                return 0;
            }

            var newest = _totals[(_next + _totals.Length - 1) % _totals.Length];
            var oldest = _totals[(_next + _totals.Length - _filled) % _totals.Length];
            return (newest - oldest) / (double)(_filled - 1);
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var total = _total();
        lock (_gate)
        {
            _totals[_next] = total;
            _next = (_next + 1) % _totals.Length;
            _filled = Math.Min(_filled + 1, _totals.Length);
        }
    }
}
