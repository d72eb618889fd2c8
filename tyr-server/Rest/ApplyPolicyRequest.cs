namespace Tyr.Server.Rest;

/// <summary>POST /policies: the YAML, the file name errors are reported against, a change message.</summary>
internal sealed record ApplyPolicyRequest(string? Yaml, string? File, string? Message);
