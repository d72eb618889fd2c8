namespace Tyr.Server.Rest;

/// <summary>POST /policies/{version}/rollback; the body is optional.</summary>
internal sealed record RollbackRequest(string? Message);
