namespace Tyr.Server.Storage;

/// <summary>One HookCapability of a <see cref="CapabilitiesDocument"/>.</summary>
internal sealed record HookDocument(string Kind, string Support, IReadOnlyList<string> Programs);
