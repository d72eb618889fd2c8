using Microsoft.Data.Sqlite;
using Tyr.Server.Tokens;

namespace Tyr.Server.Storage;

/// <summary>Single-use enrollment tokens, kept only as hashes.</summary>
internal sealed class EnrollmentTokenStore(ServerDatabase database, TimeProvider time)
{
    public IssuedToken Create(TimeSpan ttl)
    {
        var token = SecretTokens.NewEnrollmentToken();
        var now = time.GetUtcNow();
        var expiresAt = now + ttl;
        database.Write((connection, transaction) =>
        {
            using var insert = SqliteCommands.Create(connection, transaction,
                    "INSERT INTO enrollment_tokens (hash, created_at, expires_at) VALUES ($hash, $created, $expires)")
                .With("$hash", SecretTokens.Hash(token))
                .With("$created", now.ToUnixTimeMilliseconds())
                .With("$expires", expiresAt.ToUnixTimeMilliseconds());
            return insert.ExecuteNonQuery();
        });
        return new IssuedToken(token, expiresAt);
    }

    /// <summary>
    /// Marks the token used by <paramref name="agentId"/> inside the caller's transaction. One
    /// conditional UPDATE decides, so two registrations racing for one token cannot both win.
    /// </summary>
    public static bool TryConsume(SqliteConnection connection, SqliteTransaction transaction, string token, Guid agentId, long nowMilliseconds)
    {
        using var update = SqliteCommands.Create(connection, transaction, """
                UPDATE enrollment_tokens SET used_at = $now, used_by = $agent
                WHERE hash = $hash AND used_at IS NULL AND expires_at > $now
                """)
            .With("$now", nowMilliseconds)
            .With("$agent", agentId.ToString("D"))
            .With("$hash", SecretTokens.Hash(token));
        return update.ExecuteNonQuery() == 1;
    }
}
