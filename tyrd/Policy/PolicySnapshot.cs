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

    /// <summary>How the log describes it: "v3 (2 overlays, 412 bytes of Cedar)" or "v0 (deny-by-default)".</summary>
    public string Describe()
    {
        if (DenyByDefault)
        {
            return $"v{Version} (deny-by-default)";
        }

        var overlays = Overlays.Count == 1 ? "1 overlay" : $"{Overlays.Count} overlays";
        return $"v{Version} ({overlays}, {CedarText.Length} bytes of Cedar, {BpfEntries.Length} bytes of BPF entries)";
    }
}
