using Tyr.Daemon.Kernel.MapLayouts;

namespace Tyr.Daemon.Kernel.Entries;

/// <summary>
/// What tyrd knows about each map of the format: the kernel map, its key and value sizes, where the
/// generation byte sits in the key, and for an LPM trie the bits every prefix must cover (the
/// generation, kind or port and scope: a shorter prefix would match across generations or scopes).
/// </summary>
internal sealed record BpfEntryMapInfo(BpfEntryMap Id, string MapName, int KeySize, int ValueSize, int GenerationOffset, int MinPrefixBits)
{
    public const int RuleSize = 8;

    public bool IsLpm => MinPrefixBits > 0;

    /// <summary>Bits of key data after the 4-byte prefixlen of an LPM key.</summary>
    public int MaxPrefixBits => (KeySize - 4) * 8;

    private static readonly unsafe BpfEntryMapInfo[] s_all =
    [
        new(BpfEntryMap.PathRules, "tyr_path_rules", sizeof(tyr_path_key), RuleSize, tyr_path_key.GenOffset, tyr_path_key.FixedBits),
        new(BpfEntryMap.ExeRules, "tyr_exe_rules", sizeof(tyr_exe_key), RuleSize, tyr_exe_key.GenOffset, 0),
        new(BpfEntryMap.Net4Rules, "tyr_net4_rules", sizeof(tyr_net4_key), RuleSize, tyr_net4_key.GenOffset, tyr_net4_key.FixedBits),
        new(BpfEntryMap.Net6Rules, "tyr_net6_rules", sizeof(tyr_net6_key), RuleSize, tyr_net6_key.GenOffset, tyr_net6_key.FixedBits),
        new(BpfEntryMap.Defaults, "tyr_defaults", sizeof(tyr_default_key), RuleSize, tyr_default_key.GenOffset, 0),
    ];

    /// <summary>Every map of the format, in id order.</summary>
    public static IReadOnlyList<BpfEntryMapInfo> All => s_all;

    public static bool IsKnown(byte id) => id >= 1 && id <= s_all.Length;

    public static BpfEntryMapInfo Of(BpfEntryMap id) =>
        IsKnown((byte)id) ? s_all[(byte)id - 1] : throw new InvalidDataException($"bpf entries: unknown map id {(byte)id}");
}
