namespace Tyr.Server.Storage;

/// <summary>
/// A CapabilityReport as stored on the agent row and shown by GET /api/v1/agents. Enum values are
/// written as their proto names so the JSON reads without the .proto at hand.
/// </summary>
internal sealed record CapabilitiesDocument(
    string KernelVersion,
    string Arch,
    string AgentVersion,
    IReadOnlyList<HookDocument> Hooks,
    IReadOnlyList<string> EventSources,
    bool TlsCapture);
