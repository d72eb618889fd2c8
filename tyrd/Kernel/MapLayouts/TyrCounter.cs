namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary><c>enum tyr_counter</c> (bpf/lib/maps.h): indexes of the per-CPU tyr_counters array.</summary>
internal enum TyrCounter : uint
{
    RingbufDrops = 0,
    NoScratch = 1,
    ProcTableFull = 2,
    PathMissing = 3,
    PathRelative = 4,
}
