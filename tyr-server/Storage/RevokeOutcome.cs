namespace Tyr.Server.Storage;

internal enum RevokeOutcome
{
    Revoked,
    AlreadyRevoked,
    NotFound,
}
