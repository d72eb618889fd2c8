using Microsoft.Data.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>The agents table: enrollment, liveness, capabilities, drop counters, revocation.</summary>
internal sealed class AgentStore(ServerDatabase database, TimeProvider time)
{
    private const string Columns = """
        id, name, kernel_version, arch, cert_fingerprint, enrolled_at, last_seen, revoked_at, capabilities,
        spool_dropped_events, ring_buffer_dropped, source_dropped_events
        """;

    /// <summary>Inserts a newly enrolled agent inside the caller's (enrollment) transaction.</summary>
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, AgentRecord agent)
    {
        using var insert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO agents (id, name, kernel_version, arch, cert_fingerprint, enrolled_at)
                VALUES ($id, $name, $kernel, $arch, $fingerprint, $enrolled)
                """)
            .With("$id", agent.Id.ToString("D"))
            .With("$name", agent.Name)
            .With("$kernel", agent.KernelVersion)
            .With("$arch", agent.Arch)
            .With("$fingerprint", agent.CertificateFingerprint)
            .With("$enrolled", agent.EnrolledAt);
        insert.ExecuteNonQuery();
    }

    public AgentRecord? Find(Guid id) => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, $"SELECT {Columns} FROM agents WHERE id = $id")
            .With("$id", id.ToString("D"));
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadAgent(reader) : null;
    });

    public IReadOnlyList<AgentRecord> List() => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, $"SELECT {Columns} FROM agents ORDER BY enrolled_at, id");
        using var reader = select.ExecuteReader();
        var agents = new List<AgentRecord>();
        while (reader.Read())
        {
            agents.Add(ReadAgent(reader));
        }

        return agents;
    });

    public RevokeOutcome Revoke(Guid id) => database.Write((connection, transaction) =>
    {
        using var select = SqliteCommands.Create(connection, transaction, "SELECT revoked_at FROM agents WHERE id = $id")
            .With("$id", id.ToString("D"));
        switch (select.ExecuteScalar())
        {
            case null:
                return RevokeOutcome.NotFound;
            case long:
                return RevokeOutcome.AlreadyRevoked;
        }

        using var update = SqliteCommands.Create(connection, transaction, "UPDATE agents SET revoked_at = $now WHERE id = $id")
            .With("$now", time.GetUtcNow().ToUnixTimeMilliseconds())
            .With("$id", id.ToString("D"));
        update.ExecuteNonQuery();
        return RevokeOutcome.Revoked;
    });

    /// <summary>Records last_seen and answers whether the agent has been revoked since (by any process).</summary>
    public bool TouchAndCheckRevoked(Guid id)
    {
        // The plain column, not an expression: SQLite 3.40 answered "revoked_at IS NOT NULL" in a
        // RETURNING clause with 1 for a NULL column.
        var revokedAt = database.Write((connection, transaction) =>
        {
            using var update = SqliteCommands.Create(connection, transaction,
                    "UPDATE agents SET last_seen = $now WHERE id = $id RETURNING revoked_at")
                .With("$now", time.GetUtcNow().ToUnixTimeMilliseconds())
                .With("$id", id.ToString("D"));
            return update.ExecuteScalar();
        });

        // A row that vanished (null) is as good as revoked: the agent has no standing here any more.
        return revokedAt is not DBNull;
    }

    public void RecordCapabilities(Guid id, string kernelVersion, string arch, string capabilitiesJson) =>
        database.Write((connection, transaction) =>
        {
            using var update = SqliteCommands.Create(connection, transaction, """
                    UPDATE agents SET capabilities = $caps, kernel_version = $kernel, arch = $arch, last_seen = $now
                    WHERE id = $id
                    """)
                .With("$caps", capabilitiesJson)
                .With("$kernel", kernelVersion)
                .With("$arch", arch)
                .With("$now", time.GetUtcNow().ToUnixTimeMilliseconds())
                .With("$id", id.ToString("D"));
            return update.ExecuteNonQuery();
        });

    /// <summary>Drop counters only grow, so the stored value is the highest ever reported.</summary>
    public static void RaiseDropsAndTouch(SqliteConnection connection, SqliteTransaction transaction, Guid id, DropCounts drops, long nowMilliseconds)
    {
        using var update = SqliteCommands.Create(connection, transaction, """
                UPDATE agents SET
                    spool_dropped_events = max(spool_dropped_events, $spool),
                    ring_buffer_dropped = max(ring_buffer_dropped, $ring),
                    source_dropped_events = max(source_dropped_events, $source),
                    last_seen = $now
                WHERE id = $id
                """)
            .With("$spool", drops.SpoolDroppedEvents)
            .With("$ring", drops.RingBufferDropped)
            .With("$source", drops.SourceDroppedEvents)
            .With("$now", nowMilliseconds)
            .With("$id", id.ToString("D"));
        update.ExecuteNonQuery();
    }

    private static AgentRecord ReadAgent(SqliteDataReader reader) => new(
        Guid.Parse(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetInt64(5),
        reader.GetNullableInt64(6),
        reader.GetNullableInt64(7),
        reader.GetNullableString(8),
        new DropCounts(reader.GetInt64(9), reader.GetInt64(10), reader.GetInt64(11)));
}
