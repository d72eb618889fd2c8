using System.Runtime.InteropServices;

namespace Tyr.Daemon.Kernel.MapLayouts;

/// <summary>
/// Mirror of <c>struct tyr_control</c> (bpf/lib/maps.h), the single entry of the mmapable
/// tyr_control array. tyrd stores to it through its mapping (<see cref="Maps.ControlBlock"/>).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 40)]
internal unsafe struct tyr_control
{
    /// <summary>TYR_STATE_DENY_ALL: no policy at all.</summary>
    public const uint StateDenyAll = 0;

    /// <summary>TYR_STATE_POLICY: a policy is in force; bit 0 is its generation.</summary>
    public const uint StatePolicy = 2;

    /// <summary>TYR_STATE_GEN.</summary>
    public const uint StateGeneration = 1;

    /// <summary>TYR_STATE_SEQ_SHIFT: bits 2-31 count the changes of state.</summary>
    public const int StateSequenceShift = 2;

    /// <summary>The state after <paramref name="current"/>: counted up, with the given policy bits.</summary>
    public static uint NextState(uint current, uint policyBits) =>
        (((current >> StateSequenceShift) + 1) << StateSequenceShift) | (policyBits & (StatePolicy | StateGeneration));

    [FieldOffset(0)]
    public uint state;

    [FieldOffset(4)]
    public uint gov_exes;

    [FieldOffset(8)]
    public uint gov_cgroups;

    [FieldOffset(12)]
    public uint discover;

    [FieldOffset(16)]
    public fixed ulong policy_version[2];

    [FieldOffset(32)]
    public uint tls;

    [FieldOffset(36)]
    public uint pad;
}
