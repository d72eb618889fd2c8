namespace Tyr.Cli.Api;

/// <summary>POST /policies: the file's text and the name its errors are reported under.</summary>
internal sealed record ApplyPolicyRequest(string Yaml, string File, string? Message);
