using Microsoft.Data.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>
/// policy_assignments: which version a daemon (its base) or an agent type (an overlay) is bound
/// to. One version per target; assigning again replaces it.
/// </summary>
internal sealed class AssignmentStore(ServerDatabase database, TimeProvider time)
{
    private const string Select = """
        SELECT a.target_type, a.target_id, a.version, v.name, a.assigned_at, a.assigned_by
        FROM policy_assignments a JOIN policy_versions v ON v.version = a.version
        """;

    public IReadOnlyList<AssignmentRecord> List() => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, Select + " ORDER BY a.target_type, a.target_id");
        return ReadAll(select);
    });

    /// <summary>The assignments that make up one daemon's effective policy: its own and every agent type's.</summary>
    public IReadOnlyList<AssignmentRecord> ForDaemon(Guid agentId) => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null,
                Select + " WHERE (a.target_type = 'daemon' AND a.target_id = $agent) OR a.target_type = 'agent_type'")
            .With("$agent", agentId.ToString("D"));
        return ReadAll(select);
    });

    /// <summary>Binds <paramref name="target"/> to <paramref name="version"/>; null when that version does not exist.</summary>
    public AssignmentRecord? Assign(AssignmentTarget target, long version, string assignedBy) => database.Write((connection, transaction) =>
    {
        using var name = SqliteCommands.Create(connection, transaction, "SELECT name FROM policy_versions WHERE version = $version")
            .With("$version", version);
        if (name.ExecuteScalar() is not string policyName)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using var upsert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO policy_assignments (target_type, target_id, version, assigned_at, assigned_by)
                VALUES ($type, $id, $version, $now, $by)
                ON CONFLICT (target_type, target_id) DO UPDATE SET
                    version = excluded.version, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by
                """)
            .With("$type", target.Type)
            .With("$id", target.Id)
            .With("$version", version)
            .With("$now", now)
            .With("$by", assignedBy);
        upsert.ExecuteNonQuery();
        return new AssignmentRecord(target, version, policyName, now, assignedBy);
    });

    /// <summary>Removes the assignment of <paramref name="target"/>; returns what it was, or null when there was none.</summary>
    public AssignmentRecord? Unassign(AssignmentTarget target) => database.Write((connection, transaction) =>
    {
        using var select = SqliteCommands.Create(connection, transaction, Select + " WHERE a.target_type = $type AND a.target_id = $id")
            .With("$type", target.Type)
            .With("$id", target.Id);
        var existing = ReadAll(select);
        if (existing.Count == 0)
        {
            return null;
        }

        using var delete = SqliteCommands.Create(connection, transaction,
                "DELETE FROM policy_assignments WHERE target_type = $type AND target_id = $id")
            .With("$type", target.Type)
            .With("$id", target.Id);
        delete.ExecuteNonQuery();
        return existing[0];
    });

    private static List<AssignmentRecord> ReadAll(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var assignments = new List<AssignmentRecord>();
        while (reader.Read())
        {
            assignments.Add(new AssignmentRecord(
                new AssignmentTarget(reader.GetString(0), reader.GetString(1)),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetString(5)));
        }

        return assignments;
    }
}
