namespace Tyr.BpfEntries;

/// <summary>
/// Sizes and offsets of the rule map keys of bpf/lib/maps.h, as the format carries them. tyrd's
/// LayoutGuard test holds them equal to its struct mirrors, so the two cannot drift apart.
/// </summary>
public static class BpfKeyLayout
{
    public const int PathKeySize = 256;
    public const int PathGenOffset = 4;
    public const int PathOffset = 8;

    /// <summary>Bits of a path key that every prefix covers: gen, kind and scope.</summary>
    public const int PathFixedBits = 32;

    /// <summary>Longest path prefix, terminating NUL included when the rule is exact.</summary>
    public const int PathPrefixMax = 248;

    public const int ExeKeySize = 256;
    public const int ExeGenOffset = 0;
    public const int ExePathOffset = 4;

    /// <summary>Bytes of a binary's path, NUL included.</summary>
    public const int ExePathMax = 252;

    public const int Net4KeySize = 16;
    public const int Net6KeySize = 28;
    public const int NetGenOffset = 4;
    public const int NetAddrOffset = 10;

    /// <summary>Bits of a network key that every prefix covers: gen, pad, scope and port.</summary>
    public const int NetFixedBits = 48;

    public const int DefaultKeySize = 4;
    public const int DefaultGenOffset = 0;
}
