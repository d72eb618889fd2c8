namespace Tyr.Cli.Connection;

/// <summary>Where the REST API is, how to prove who we are, and which CA the server must chain to.</summary>
/// <param name="ApiBase">The server URL with <c>api/v1/</c> appended, ending in a slash.</param>
internal sealed record ConnectionSettings(Uri ApiBase, SourcedValue Server, SourcedValue Token, SourcedValue Ca);
