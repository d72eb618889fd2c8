using System.Security.Cryptography;
using System.Text;

namespace Tyr.Server.Storage;

/// <summary>
/// agent_signature_versions: every catalogue an operator set or reset, kept forever (triggers
/// refuse UPDATE and DELETE). The newest row is the one in force.
/// </summary>
internal sealed class AgentSignatureStore(ServerDatabase database, TimeProvider time)
{
    private const string Columns = "version, yaml, hash, signatures, author, created_at";

    /// <summary>Appends a version: <paramref name="yaml"/>, or null for "back to the built-in catalogue".</summary>
    public AgentSignatureVersion Append(string? yaml, int signatures, string author) => database.Write((connection, transaction) =>
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = yaml is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
        using var insert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO agent_signature_versions (yaml, hash, signatures, author, created_at)
                VALUES ($yaml, $hash, $signatures, $author, $now)
                RETURNING version
                """)
            .With("$yaml", yaml)
            .With("$hash", hash)
            .With("$signatures", signatures)
            .With("$author", author)
            .With("$now", now);
        var version = (long)insert.ExecuteScalar()!;
        return new AgentSignatureVersion(version, yaml, hash, signatures, author, now);
    });

    /// <summary>The version in force; null when no operator ever set a catalogue.</summary>
    public AgentSignatureVersion? Latest() => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null,
            $"SELECT {Columns} FROM agent_signature_versions ORDER BY version DESC LIMIT 1");
        using var reader = select.ExecuteReader();
        return reader.Read()
            ? new AgentSignatureVersion(reader.GetInt64(0), reader.GetNullableString(1), reader.GetNullableString(2),
                reader.GetInt32(3), reader.GetString(4), reader.GetInt64(5))
            : null;
    });
}
