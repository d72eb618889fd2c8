using Tyr.Daemon.Interop;

namespace Tyr.Daemon.Kernel.Decoding;

/// <summary>
/// Turns bpf_ktime_get_boot_ns() (CLOCK_BOOTTIME: since boot, suspend included) into wall-clock
/// nanoseconds since the Unix epoch. The offset between the clocks is sampled again every second,
/// so a stepped wall clock is followed within a second.
/// </summary>
internal sealed unsafe class BootClock
{
    private const long RefreshMilliseconds = 1000;

    private long _offset;
    private long _sampledAt;
    private bool _sampled;

    public long ToUnixNanoseconds(ulong bootNanoseconds)
    {
        var now = Environment.TickCount64;
        if (!_sampled || now - _sampledAt >= RefreshMilliseconds)
        {
            _sampled = true;
            _offset = SampleOffset();
            _sampledAt = now;
        }

        return (long)bootNanoseconds + _offset;
    }

    /// <summary>CLOCK_BOOTTIME now, the clock of the kernel's records.</summary>
    public static ulong NowBootNanoseconds()
    {
        Libc.timespec boot;
        return Libc.clock_gettime(Libc.CLOCK_BOOTTIME, &boot) == 0 ? (ulong)Nanoseconds(boot) : 0;
    }

    public static long SampleOffset()
    {
        Libc.timespec real, boot;
        if (Libc.clock_gettime(Libc.CLOCK_BOOTTIME, &boot) != 0 || Libc.clock_gettime(Libc.CLOCK_REALTIME, &real) != 0)
        {
            // Both clocks exist on every kernel tyrd runs on; keep the kernel's own numbers then.
            return 0;
        }

        return Nanoseconds(real) - Nanoseconds(boot);
    }

    private static long Nanoseconds(Libc.timespec t) => (t.tv_sec * 1_000_000_000) + t.tv_nsec;
}
