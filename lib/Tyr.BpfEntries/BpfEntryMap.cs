namespace Tyr.BpfEntries;

/// <summary>Map ids of the bpf-entries format (docs/bpf-entries.md). Never renumbered.</summary>
public enum BpfEntryMap : byte
{
    /// <summary>tyr_path_rules: LPM trie, key struct tyr_path_key.</summary>
    PathRules = 1,

    /// <summary>tyr_exe_rules: hash, key struct tyr_exe_key.</summary>
    ExeRules = 2,

    /// <summary>tyr_net4_rules: LPM trie, key struct tyr_net4_key.</summary>
    Net4Rules = 3,

    /// <summary>tyr_net6_rules: LPM trie, key struct tyr_net6_key.</summary>
    Net6Rules = 4,

    /// <summary>tyr_defaults: hash, key struct tyr_default_key.</summary>
    Defaults = 5,
}
