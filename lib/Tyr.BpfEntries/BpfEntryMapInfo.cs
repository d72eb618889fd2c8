
namespace Tyr.BpfEntries;

/// <summary>
/// What the format says about each map of the format: the kernel map, its key and value sizes, where the
/// generation byte sits in the key, and for an LPM trie the bits every prefix must cover (the
/// generation, kind or port and scope: a shorter prefix would match across generations or scopes).
/// </summary>
public sealed record BpfEntryMapInfo(BpfEntryMap Id, string MapName, int KeySize, int ValueSize, int GenerationOffset, int MinPrefixBits)
{
    public const int RuleSize = 8;

    public bool IsLpm => MinPrefixBits > 0;

    /// <summary>Bits of key data after the 4-byte prefixlen of an LPM key.</summary>
    public int MaxPrefixBits => (KeySize - 4) * 8;

    private static readonly BpfEntryMapInfo[] s_all =
    [
        new(BpfEntryMap.PathRules, "tyr_path_rules", BpfKeyLayout.PathKeySize, RuleSize, BpfKeyLayout.PathGenOffset, BpfKeyLayout.PathFixedBits),
        new(BpfEntryMap.ExeRules, "tyr_exe_rules", BpfKeyLayout.ExeKeySize, RuleSize, BpfKeyLayout.ExeGenOffset, 0),
        new(BpfEntryMap.Net4Rules, "tyr_net4_rules", BpfKeyLayout.Net4KeySize, RuleSize, BpfKeyLayout.NetGenOffset, BpfKeyLayout.NetFixedBits),
        new(BpfEntryMap.Net6Rules, "tyr_net6_rules", BpfKeyLayout.Net6KeySize, RuleSize, BpfKeyLayout.NetGenOffset, BpfKeyLayout.NetFixedBits),
        new(BpfEntryMap.Defaults, "tyr_defaults", BpfKeyLayout.DefaultKeySize, RuleSize, BpfKeyLayout.DefaultGenOffset, 0),
    ];

    /// <summary>Every map of the format, in id order.</summary>
    public static IReadOnlyList<BpfEntryMapInfo> All => s_all;

    public static bool IsKnown(byte id) => id >= 1 && id <= s_all.Length;

    public static BpfEntryMapInfo Of(BpfEntryMap id) =>
        IsKnown((byte)id) ? s_all[(byte)id - 1] : throw new InvalidDataException($"bpf entries: unknown map id {(byte)id}");
}
