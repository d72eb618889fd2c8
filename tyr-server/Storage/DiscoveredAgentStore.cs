using System.Text;
using Microsoft.Data.Sqlite;

namespace Tyr.Server.Storage;

/// <summary>
/// discovered_agents: the AI agents each daemon reported, one row per (daemon, instance), kept
/// after they end. A report's entries are upserted; a complete report also ends, as "unwatched",
/// every instance of that daemon still stored as running that it no longer lists.
/// </summary>
internal sealed class DiscoveredAgentStore(ServerDatabase database, TimeProvider time)
{
    private const string Columns = """
        d.agent_id, a.name, d.discovered_agent_id, d.agent_type, d.root_pid, d.exe, d.cmdline, d.started_at_ns,
        d.ended_at_ns, d.end_seen, d.process_count, d.last_activity_ns, d.signature, d.tagged_by, d.tag_delay_ns,
        d.first_reported_at, d.updated_at,
        (SELECT count(*) FROM events e WHERE e.discovered_agent_id = d.discovered_agent_id AND e.agent_id = d.agent_id)
        """;

    /// <summary>
    /// Stores <paramref name="updates"/> for <paramref name="agentId"/> in one transaction. With
    /// <paramref name="complete"/>, instances stored as running whose id is not in
    /// <paramref name="listedIds"/> (every id the report named, refused entries included, so a bad
    /// entry never ends a good row) are ended now with end_seen = 0.
    /// </summary>
    public DiscoveredReportOutcome Store(Guid agentId, IReadOnlyList<DiscoveredAgentUpdate> updates, bool complete, IReadOnlySet<string> listedIds)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var nowNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var agent = agentId.ToString("D");
        return database.Write((connection, transaction) =>
        {
            // The latest report is the truth for everything but last activity, which only moves
            // forward (a late partial report must not undo a newer one's activity).
            using var upsert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO discovered_agents (agent_id, discovered_agent_id, agent_type, root_pid, exe, cmdline, started_at_ns,
                                               ended_at_ns, end_seen, process_count, last_activity_ns, signature, tagged_by,
                                               tag_delay_ns, first_reported_at, updated_at)
                VALUES ($agent, $id, $type, $pid, $exe, $cmdline, $started, $ended, $seen, $processes, $activity, $signature,
                        $tagged_by, $delay, $now, $now)
                ON CONFLICT (agent_id, discovered_agent_id) DO UPDATE SET
                    agent_type = excluded.agent_type,
                    root_pid = excluded.root_pid,
                    exe = excluded.exe,
                    cmdline = excluded.cmdline,
                    started_at_ns = excluded.started_at_ns,
                    ended_at_ns = excluded.ended_at_ns,
                    end_seen = excluded.end_seen,
                    process_count = excluded.process_count,
                    last_activity_ns = max(last_activity_ns, excluded.last_activity_ns),
                    signature = excluded.signature,
                    tagged_by = excluded.tagged_by,
                    tag_delay_ns = excluded.tag_delay_ns,
                    updated_at = excluded.updated_at
                """);
            upsert.Parameters.AddWithValue("$agent", agent);
            upsert.Parameters.AddWithValue("$now", nowMs);
            var id = upsert.Parameters.Add("$id", SqliteType.Text);
            var type = upsert.Parameters.Add("$type", SqliteType.Text);
            var pid = upsert.Parameters.Add("$pid", SqliteType.Integer);
            var exe = upsert.Parameters.Add("$exe", SqliteType.Text);
            var cmdline = upsert.Parameters.Add("$cmdline", SqliteType.Text);
            var started = upsert.Parameters.Add("$started", SqliteType.Integer);
            var ended = upsert.Parameters.Add("$ended", SqliteType.Integer);
            var seen = upsert.Parameters.Add("$seen", SqliteType.Integer);
            var processes = upsert.Parameters.Add("$processes", SqliteType.Integer);
            var activity = upsert.Parameters.Add("$activity", SqliteType.Integer);
            var signature = upsert.Parameters.Add("$signature", SqliteType.Text);
            var taggedBy = upsert.Parameters.Add("$tagged_by", SqliteType.Text);
            var delay = upsert.Parameters.Add("$delay", SqliteType.Integer);
            foreach (var update in updates)
            {
                id.Value = update.DiscoveredAgentId;
                type.Value = update.AgentType;
                pid.Value = update.RootPid;
                exe.Value = update.Exe;
                cmdline.Value = update.Cmdline;
                started.Value = update.StartedAtNs;
                ended.Value = update.EndedAtNs is { } end ? end : DBNull.Value;
                seen.Value = update.EndedAtNs is null ? DBNull.Value : 1L;
                processes.Value = update.ProcessCount;
                activity.Value = update.LastActivityNs;
                signature.Value = update.Signature;
                taggedBy.Value = update.TaggedBy;
                delay.Value = update.TagDelayNs;
                upsert.ExecuteNonQuery();
            }

            var endedUnwatched = complete ? EndUnlisted(connection, transaction, agent, listedIds, nowNs, nowMs) : [];
            return new DiscoveredReportOutcome(updates.Count, endedUnwatched);
        });
    }

    /// <summary>Newest first (by start time), with the filter's conditions.</summary>
    public IReadOnlyList<DiscoveredAgentRecord> List(DiscoveredAgentFilter filter) => database.Read(connection =>
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM discovered_agents d JOIN agents a ON a.id = d.agent_id WHERE 1 = 1");
        using var select = SqliteCommands.Create(connection, null, string.Empty);
        if (filter.AgentId is { } agentId)
        {
            sql.Append(" AND d.agent_id = $agent");
            select.With("$agent", agentId.ToString("D"));
        }

        if (filter.AgentType is { } agentType)
        {
            sql.Append(" AND d.agent_type = $type");
            select.With("$type", agentType);
        }

        if (filter.Running is { } running)
        {
            sql.Append(running ? " AND d.ended_at_ns IS NULL" : " AND d.ended_at_ns IS NOT NULL");
        }

        sql.Append(" ORDER BY d.started_at_ns DESC, d.discovered_agent_id, d.agent_id LIMIT $limit");
        select.With("$limit", filter.Limit);
        select.CommandText = sql.ToString();
        return ReadAll(select);
    });

    /// <summary>
    /// One instance by its id. Ids are unique per host (boot, pid, start time); should two daemons
    /// ever report the same one, the one updated last is answered.
    /// </summary>
    public DiscoveredAgentRecord? Find(string discoveredAgentId) => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, $"""
                SELECT {Columns} FROM discovered_agents d JOIN agents a ON a.id = d.agent_id
                WHERE d.discovered_agent_id = $id ORDER BY d.updated_at DESC LIMIT 1
                """)
            .With("$id", discoveredAgentId);
        var found = ReadAll(select);
        return found.Count == 0 ? null : found[0];
    });

    private static List<string> EndUnlisted(SqliteConnection connection, SqliteTransaction transaction, string agent,
        IReadOnlySet<string> listedIds, long nowNs, long nowMs)
    {
        var running = new List<string>();
        using (var select = SqliteCommands.Create(connection, transaction,
                   "SELECT discovered_agent_id FROM discovered_agents WHERE agent_id = $agent AND ended_at_ns IS NULL")
               .With("$agent", agent))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                running.Add(reader.GetString(0));
            }
        }

        var gone = running.Where(id => !listedIds.Contains(id)).ToList();
        using var end = SqliteCommands.Create(connection, transaction, """
                UPDATE discovered_agents SET ended_at_ns = $ended, end_seen = 0, process_count = 0, updated_at = $now
                WHERE agent_id = $agent AND discovered_agent_id = $id
                """)
            .With("$ended", nowNs)
            .With("$now", nowMs)
            .With("$agent", agent);
        var id = end.Parameters.Add("$id", SqliteType.Text);
        foreach (var discoveredAgentId in gone)
        {
            id.Value = discoveredAgentId;
            end.ExecuteNonQuery();
        }

        return gone;
    }

    private static List<DiscoveredAgentRecord> ReadAll(SqliteCommand select)
    {
        using var reader = select.ExecuteReader();
        var records = new List<DiscoveredAgentRecord>();
        while (reader.Read())
        {
            records.Add(new DiscoveredAgentRecord(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.GetInt64(7),
                reader.GetNullableInt64(8),
                reader.GetNullableInt64(9) is { } seen ? seen != 0 : null,
                reader.GetInt64(10),
                reader.GetInt64(11),
                reader.GetString(12),
                reader.GetString(13),
                reader.GetInt64(14),
                reader.GetInt64(15),
                reader.GetInt64(16),
                reader.GetInt64(17)));
        }

        return records;
    }
}
