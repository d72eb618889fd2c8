using Tyr.Protocol;

namespace Tyr.Daemon.Policy;

/// <summary>One policy as pushed by the server; immutable so it can be handed to any thread.</summary>
internal sealed record PolicySnapshot(
    long Version,
    bool DenyByDefault,
    string CedarText,
    ReadOnlyMemory<byte> BpfEntries,
    IReadOnlyList<OverlayInfo> Overlays)
{
    public static PolicySnapshot FromPush(PolicyPush push) => new(
        push.PolicyVersion,
        push.DenyByDefault,
        push.CedarText,
        push.BpfEntries.Memory,
        [.. push.Overlays]);
}
