namespace Tyr.Daemon.Transport;

/// <summary>How a stream ended: why, how long it was up, and whether it carried data.</summary>
/// <param name="Failure">The error that ended it, or null when the server closed it cleanly.</param>
/// <param name="Uptime">Time from the server's response headers to the end; null if it never came up.</param>
/// <param name="Acknowledged">Whether the server acknowledged at least one batch on it.</param>
internal sealed record SessionOutcome(Exception? Failure, TimeSpan? Uptime, bool Acknowledged)
{
    public static readonly TimeSpan HealthyUptime = TimeSpan.FromSeconds(10);

    /// <summary>A stream that worked resets the backoff: the next failure is a new incident.</summary>
    public bool Healthy => Acknowledged || Uptime >= HealthyUptime;
}
