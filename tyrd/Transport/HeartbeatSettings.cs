namespace Tyr.Daemon.Transport;

/// <summary>
/// The heartbeat interval in force: the config's value until the server sends a ConfigUpdate, which
/// then holds for the life of the process (across reconnects).
/// </summary>
internal sealed class HeartbeatSettings(TimeSpan interval)
{
    private long _intervalTicks = interval.Ticks;

    public event Action<TimeSpan>? Changed;

    public TimeSpan Interval => TimeSpan.FromTicks(Interlocked.Read(ref _intervalTicks));

    public void Set(TimeSpan interval)
    {
        if (Interlocked.Exchange(ref _intervalTicks, interval.Ticks) != interval.Ticks)
        {
            Changed?.Invoke(interval);
        }
    }
}
