namespace Tyr.Server.Rest;

/// <summary>POST /api/v1/enrollment-tokens, and `tyr-server token create -o json`.</summary>
internal sealed record EnrollmentTokenResponse(string Token, string ExpiresAt, string CaFingerprint);
