namespace Tyr.Cedar.Json;

/// <summary>JSON input (entities, request, context) that Cedar cannot use; the message names the place.</summary>
public sealed class CedarJsonException(string message) : Exception(message);
