using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>
/// effective_policies: each daemon's merged policy, one row per change of content, kept forever
/// (triggers refuse UPDATE and DELETE) so that any event's policy_version names the exact Cedar and
/// entries that judged it.
/// </summary>
internal sealed class EffectivePolicyStore(ServerDatabase database, TimeProvider time)
{
    private const string Select = """
        SELECT e.push_version, e.agent_id, e.base_version, v.name, e.overlays, e.deny_by_default, e.cedar, e.bpf_entries,
               e.routing, e.homes, e.created_at
        FROM effective_policies e LEFT JOIN policy_versions v ON v.version = e.base_version
        """;

    /// <summary>The daemon's newest row; null before its effective policy was first computed.</summary>
    public EffectivePolicyRecord? Latest(Guid agentId) => database.Read(connection => Latest(connection, null, agentId));

    /// <summary>The row of push <paramref name="pushVersion"/>, whichever daemon it was for.</summary>
    public EffectivePolicyRecord? Find(long pushVersion) => database.Read(connection => Find(connection, null, pushVersion));

    /// <summary>
    /// Stores <paramref name="content"/> as the daemon's next row unless its Cedar, entries and
    /// deny-by-default equal the latest row's (what the daemon enforces would not change).
    /// </summary>
    /// <returns>The daemon's latest row afterwards, and whether it is new.</returns>
    public (EffectivePolicyRecord Latest, bool Created) AppendIfChanged(Guid agentId, EffectivePolicyContent content) =>
        database.Write((connection, transaction) =>
        {
            var latest = Latest(connection, transaction, agentId);
            if (latest is not null &&
                latest.DenyByDefault == content.DenyByDefault &&
                string.Equals(latest.Cedar, content.Cedar, StringComparison.Ordinal) &&
                latest.BpfEntries.AsSpan().SequenceEqual(content.BpfEntries))
            {
                return (latest, false);
            }

            using var insert = SqliteCommands.Create(connection, transaction, """
                    INSERT INTO effective_policies (agent_id, base_version, overlays, deny_by_default, cedar, bpf_entries,
                                                    routing, homes, created_at)
                    VALUES ($agent, $base, $overlays, $deny, $cedar, $entries, $routing, $homes, $now)
                    RETURNING push_version
                    """)
                .With("$agent", agentId.ToString("D"))
                .With("$base", content.BaseVersion)
                .With("$overlays", JsonSerializer.Serialize([.. content.Overlays], StorageJsonContext.Default.ListOverlayDocument))
                .With("$deny", content.DenyByDefault ? 1 : 0)
                .With("$cedar", content.Cedar)
                .With("$entries", content.BpfEntries)
                .With("$routing", JsonSerializer.Serialize([.. content.Routing], StorageJsonContext.Default.ListRouteDocument))
                .With("$homes", JsonSerializer.Serialize([.. content.Homes], StorageJsonContext.Default.ListString))
                .With("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
            var pushVersion = (long)insert.ExecuteScalar()!;
            return (Find(connection, transaction, pushVersion)!, true);
        });

    private static EffectivePolicyRecord? Latest(SqliteConnection connection, SqliteTransaction? transaction, Guid agentId)
    {
        using var select = SqliteCommands.Create(connection, transaction,
                Select + " WHERE e.agent_id = $agent ORDER BY e.push_version DESC LIMIT 1")
            .With("$agent", agentId.ToString("D"));
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    private static EffectivePolicyRecord? Find(SqliteConnection connection, SqliteTransaction? transaction, long pushVersion)
    {
        using var select = SqliteCommands.Create(connection, transaction, Select + " WHERE e.push_version = $push")
            .With("$push", pushVersion);
        using var reader = select.ExecuteReader();
        return reader.Read() ? ReadRecord(reader) : null;
    }

    private static EffectivePolicyRecord ReadRecord(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        Guid.Parse(reader.GetString(1)),
        reader.GetNullableInt64(2),
        reader.GetNullableString(3),
        JsonSerializer.Deserialize(reader.GetString(4), StorageJsonContext.Default.ListOverlayDocument) ?? [],
        reader.GetInt64(5) != 0,
        reader.GetString(6),
        (byte[])reader.GetValue(7),
        JsonSerializer.Deserialize(reader.GetString(8), StorageJsonContext.Default.ListRouteDocument) ?? [],
        JsonSerializer.Deserialize(reader.GetString(9), StorageJsonContext.Default.ListString) ?? [],
        reader.GetInt64(10));
}
