namespace Tyr.Daemon.Transport;

/// <summary>
/// Exponential backoff with full jitter, floored at the initial delay: after the n-th consecutive
/// failure the delay is uniform in [initial, min(max, initial * 2^n)]. The jitter spreads a fleet
/// of agents reconnecting after a server restart; the floor keeps one agent from hammering a
/// server that refuses it.
/// </summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private int _failures;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        _initial = initial;
        _max = max < initial ? initial : max;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The upper bound of the next delay.</summary>
    public TimeSpan Ceiling
    {
        get
        {
            // 2^31 times any sane initial delay is far past any max; stop doubling there.
            var factor = Math.Pow(2, Math.Min(_failures + 1, 31));
            var ceiling = _initial.TotalMilliseconds * factor;
            return ceiling >= _max.TotalMilliseconds ? _max : TimeSpan.FromMilliseconds(ceiling);
        }
    }

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        var ceiling = Ceiling;
        var delay = _initial + ((ceiling - _initial) * Math.Clamp(_random(), 0, 1));
        _failures++;
        return delay;
    }

    /// <summary>Back to the initial delay, after a connection that proved healthy.</summary>
    public void Reset() => _failures = 0;
}
