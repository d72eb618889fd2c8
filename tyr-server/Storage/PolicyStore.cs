using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>
/// policy_versions: every applied policy, kept forever. The table's triggers refuse UPDATE and
/// DELETE, so this class can only append and read.
/// </summary>
internal sealed class PolicyStore(ServerDatabase database, TimeProvider time)
{
    private const string SummaryColumns = """
        version, name, description, hash, author, message, created_at, rule_count, rolled_back_from, routing
        """;

    /// <summary>
    /// Stores <paramref name="policy"/> as the next version and, in the same transaction, moves
    /// every assignment that points at a version of the same policy name to it (assignments follow
    /// their policy, as a deployment follows `kubectl apply`).
    /// </summary>
    public AppendedVersion Append(NewPolicyVersion policy) => database.Write((connection, transaction) =>
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(policy.Yaml)));
        using var insert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO policy_versions (name, description, yaml, cedar, bpf_entries, routing, rule_count, hash,
                                             author, message, created_at, rolled_back_from)
                VALUES ($name, $description, $yaml, $cedar, $entries, $routing, $rules, $hash, $author, $message, $now, $from)
                RETURNING version
                """)
            .With("$name", policy.Name)
            .With("$description", policy.Description)
            .With("$yaml", policy.Yaml)
            .With("$cedar", policy.Cedar)
            .With("$entries", policy.BpfEntries)
            .With("$routing", JsonSerializer.Serialize([.. policy.Routing], StorageJsonContext.Default.ListRouteDocument))
            .With("$rules", policy.RuleCount)
            .With("$hash", hash)
            .With("$author", policy.Author)
            .With("$message", policy.Message)
            .With("$now", now)
            .With("$from", policy.RolledBackFrom);
        var version = (long)insert.ExecuteScalar()!;

        using var move = SqliteCommands.Create(connection, transaction, """
                UPDATE policy_assignments SET version = $version, assigned_at = $now, assigned_by = $author
                WHERE version <> $version AND version IN (SELECT version FROM policy_versions WHERE name = $name)
                RETURNING target_type, target_id
                """)
            .With("$version", version)
            .With("$now", now)
            .With("$author", policy.Author)
            .With("$name", policy.Name);
        var moved = new List<AssignmentTarget>();
        using (var reader = move.ExecuteReader())
        {
            while (reader.Read())
            {
                moved.Add(new AssignmentTarget(reader.GetString(0), reader.GetString(1)));
            }
        }

        var stored = new PolicyVersionRecord(version, policy.Name, policy.Description, hash, policy.Author, policy.Message, now,
            policy.RuleCount, policy.RolledBackFrom, policy.Routing, policy.Yaml, policy.Cedar, policy.BpfEntries);
        return new AppendedVersion(stored, moved);
    });

    /// <summary>Every version, newest first, without YAML, Cedar and entries.</summary>
    public IReadOnlyList<PolicyVersionRecord> List() => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, $"SELECT {SummaryColumns} FROM policy_versions ORDER BY version DESC");
        using var reader = select.ExecuteReader();
        var versions = new List<PolicyVersionRecord>();
        while (reader.Read())
        {
            versions.Add(ReadSummary(reader));
        }

        return versions;
    });

    /// <summary>One version with its YAML, Cedar and entries; null when there is none.</summary>
    public PolicyVersionRecord? Find(long version) => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null,
                $"SELECT {SummaryColumns}, yaml, cedar, bpf_entries FROM policy_versions WHERE version = $version")
            .With("$version", version);
        using var reader = select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        return ReadSummary(reader) with
        {
            Yaml = reader.GetString(10),
            Cedar = reader.GetString(11),
            BpfEntries = (byte[])reader.GetValue(12),
        };
    });

    /// <summary>Only the YAML of <paramref name="version"/>; null when there is none.</summary>
    public string? FindYaml(long version) => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, "SELECT yaml FROM policy_versions WHERE version = $version")
            .With("$version", version);
        return select.ExecuteScalar() as string;
    });

    private static PolicyVersionRecord ReadSummary(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetInt64(6),
        reader.GetInt32(7),
        reader.GetNullableInt64(8),
        JsonSerializer.Deserialize(reader.GetString(9), StorageJsonContext.Default.ListRouteDocument) ?? []);
}
