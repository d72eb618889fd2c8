using Tyr.Protocol;

namespace Tyr.Daemon.Metrics;

/// <summary>
/// What the daemon did, counted where it happens (the batcher, the stream) for /metrics. Static,
/// like a System.Diagnostics.Metrics Meter: one daemon per process, and the counting sites stay
/// one line each without carrying a metrics object through every constructor.
/// </summary>
internal static class DaemonActivity
{
    // Indexed by EventKind; a kind this build does not know counts in the last slot.
    private static readonly long[] s_eventsRead = new long[KindCount + 1];
    private static long s_batchesAcknowledged;
    private static int s_streamState;

    /// <summary>The kinds with a name, in proto order (FILE_READ .. TLS).</summary>
    public const int KindCount = 5;

    public static StreamState Stream => (StreamState)Volatile.Read(ref s_streamState);

    public static long BatchesAcknowledged => Interlocked.Read(ref s_batchesAcknowledged);

    /// <summary>An event left the sources' channel for a batch.</summary>
    public static void EventRead(EventKind kind)
    {
        var index = kind is >= EventKind.FileRead and <= EventKind.Tls ? (int)kind - 1 : KindCount;
        Interlocked.Increment(ref s_eventsRead[index]);
    }

    /// <summary>The server acknowledged a batch (stored it).</summary>
    public static void BatchAcknowledged() => Interlocked.Increment(ref s_batchesAcknowledged);

    public static void StreamIs(StreamState state) => Volatile.Write(ref s_streamState, (int)state);

    /// <summary>Events read of kind number <paramref name="index"/> (0 = FILE_READ; <see cref="KindCount"/> = unknown kinds).</summary>
    public static long EventsRead(int index) => Interlocked.Read(ref s_eventsRead[index]);

    public static long EventsReadTotal()
    {
        long total = 0;
        for (var i = 0; i <= KindCount; i++)
        {
            total += EventsRead(i);
        }

        return total;
    }
}
