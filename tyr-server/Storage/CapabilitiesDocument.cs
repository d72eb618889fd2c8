namespace Tyr.Server.Storage;

/// <summary>
/// A CapabilityReport as stored on the agent row and shown by GET /api/v1/agents. Enum values are
/// written as their proto names so the JSON reads without the .proto at hand.
/// <see cref="HomeDirectories"/> is what a policy's <c>~</c> stands for on that host (null in rows
/// stored before it was reported); the daemon's effective policy is compiled with it.
/// </summary>
internal sealed record CapabilitiesDocument(
    string KernelVersion,
    string Arch,
    string AgentVersion,
    IReadOnlyList<HookDocument> Hooks,
    IReadOnlyList<string> EventSources,
    bool TlsCapture,
    IReadOnlyList<string>? HomeDirectories = null);
