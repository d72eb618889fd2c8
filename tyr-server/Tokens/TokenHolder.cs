namespace Tyr.Server.Tokens;

/// <summary>Who presents a valid REST token: the author recorded for their changes, and what the token may do.</summary>
internal sealed record TokenHolder(string Author, TokenScope Scope);
