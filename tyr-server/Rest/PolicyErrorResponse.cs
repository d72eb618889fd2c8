namespace Tyr.Server.Rest;

/// <summary>A refused policy: <see cref="Error"/> is the first problem, <see cref="Errors"/> all of them (FILE:LINE:COL: message).</summary>
internal sealed record PolicyErrorResponse(string Error, IReadOnlyList<string> Errors);
