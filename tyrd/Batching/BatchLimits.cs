namespace Tyr.Daemon.Batching;

/// <summary>When the batcher closes a batch: whichever limit is reached first.</summary>
internal sealed record BatchLimits(int MaxEvents, TimeSpan MaxDelay)
{
    /// <summary>
    /// Keeps a batch well under gRPC's default 4 MiB message limit on the server even when events
    /// carry long command lines.
    /// </summary>
    public int MaxBytes { get; init; } = 1024 * 1024;
}
