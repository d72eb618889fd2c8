using Tyr.Protocol;

namespace Tyr.Daemon.Policy;

/// <summary>One policy as pushed by the server; immutable so it can be handed to any thread.</summary>
/// <param name="BaseVersion">The daemon's base policy version, 0 when it has none.</param>
internal sealed record PolicySnapshot(
    long Version,
    bool DenyByDefault,
    string CedarText,
    ReadOnlyMemory<byte> BpfEntries,
    IReadOnlyList<OverlayInfo> Overlays,
    long BaseVersion = 0,
    string BaseName = "")
{
    public static PolicySnapshot FromPush(PolicyPush push) => new(
        push.PolicyVersion,
        push.DenyByDefault,
        push.CedarText,
        push.BpfEntries.Memory,
        [.. push.Overlays],
        push.BaseVersion,
        push.BaseName);
}
