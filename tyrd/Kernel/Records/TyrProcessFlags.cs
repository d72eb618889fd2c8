namespace Tyr.Daemon.Kernel.Records;

/// <summary>Mirror of <c>enum tyr_process_flags</c> (bpf/lib/records.h): <c>tyr_process_event.flags</c>.</summary>
[Flags]
internal enum TyrProcessFlags : ushort
{
    None = 0,

    /// <summary>The process is governed after this exec.</summary>
    Governed = 1 << 0,

    /// <summary>This exec tagged it: the binary is in tyr_gov_exes.</summary>
    Tagged = 1 << 1,

    /// <summary>Governed through its cgroup only.</summary>
    Cgroup = 1 << 2,
}
