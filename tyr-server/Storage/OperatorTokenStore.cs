using Tyr.Server.Tokens;

namespace Tyr.Server.Storage;

/// <summary>Bearer tokens for the REST API, kept only as hashes. They do not expire.</summary>
internal sealed class OperatorTokenStore(ServerDatabase database, TimeProvider time)
{
    public string Create(string label, TokenScope scope = TokenScope.Operator)
    {
        var token = SecretTokens.NewOperatorToken();
        database.Write((connection, transaction) =>
        {
            using var insert = SqliteCommands.Create(connection, transaction,
                    "INSERT INTO operator_tokens (hash, created_at, label, scope) VALUES ($hash, $created, $label, $scope)")
                .With("$hash", SecretTokens.Hash(token))
                .With("$created", time.GetUtcNow().ToUnixTimeMilliseconds())
                .With("$label", label)
                .With("$scope", TokenScopes.Name(scope));
            return insert.ExecuteNonQuery();
        });
        return token;
    }

    public bool IsValid(string token) => Authenticate(token) is not null;

    /// <summary>
    /// Who presents <paramref name="token"/>: its label, or "token " and the start of its hash
    /// when it has none (what policy versions and assignments record as their author). Null when
    /// the token is not a valid operator token.
    /// </summary>
    public string? Authenticate(string token) => Identify(token) is { Scope: TokenScope.Operator } holder ? holder.Author : null;

    /// <summary>The holder of <paramref name="token"/>, whatever its scope; null when it is not a valid token.</summary>
    public TokenHolder? Identify(string token)
    {
        if (!token.StartsWith(SecretTokens.OperatorPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = SecretTokens.Hash(token);
        return database.Read(connection =>
        {
            using var select = SqliteCommands.Create(connection, null, "SELECT label, scope FROM operator_tokens WHERE hash = $hash")
                .With("$hash", hash);
            using var row = select.ExecuteReader();
            if (!row.Read())
            {
                return null;
            }

            var label = row.GetString(0);
            // A scope this build does not know grants nothing beyond metrics.
            var scope = TokenScopes.TryParse(row.GetString(1), out var known) ? known : TokenScope.Metrics;
            return new TokenHolder(label.Length > 0 ? label : "token " + hash[..12], scope);
        });
    }
}
