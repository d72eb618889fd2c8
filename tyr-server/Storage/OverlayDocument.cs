namespace Tyr.Server.Storage;

/// <summary>An agent-type overlay of an effective policy: the type, its rule scope, and the version assigned to it.</summary>
internal sealed record OverlayDocument(string AgentType, ushort Scope, long Version, string Name);
