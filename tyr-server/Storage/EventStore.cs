using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tyr.Protocol;

namespace Tyr.Server.Storage;

/// <summary>
/// The events table. Ingestion is idempotent on event_id, so an agent replaying its spool after a
/// lost acknowledgement never creates duplicates; reads page by the arrival sequence.
/// </summary>
internal sealed class EventStore(ServerDatabase database, TimeProvider time, Metrics.ServerMetrics? metrics = null)
{
    private const string Columns = """
        seq, event_id, agent_id, discovered_agent_id, kind, resource, verdict, severity, pid, process_exe,
        cmdline, timestamp_ns, metadata, policy_version, drift, expected_verdict
        """;

    /// <summary>The first event a batch cannot be stored with, described for the agent; null when all are fine.</summary>
    public static string? FindInvalidEvent(EventBatch batch)
    {
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var id = batch.Events[i].EventId;
            if (!Guid.TryParseExact(id, "D", out _))
            {
                var problem = id.Length == 0 ? "event_id is empty" : $"event_id '{Truncate(id)}' is not a UUID (8-4-4-4-12 hex digits)";
                return $"event batch {batch.Sequence}: event {i}: {problem}; no event of this batch was stored";
            }
        }

        return null;
    }

    /// <summary>
    /// Stores every event of <paramref name="batch"/> as <paramref name="agentId"/> (whatever the
    /// events claim) and raises the agent's drop counters, all in one transaction. Call
    /// <see cref="FindInvalidEvent"/> first.
    /// </summary>
    public BatchResult StoreBatch(Guid agentId, EventBatch batch)
    {
        var now = time.GetUtcNow();
        var receivedAtNs = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var agent = agentId.ToString("D");
        var metadata = new ArrayBufferWriter<byte>();
        var ingested = new List<Event>();
        var result = database.Write((connection, transaction) =>
        {
            ingested.Clear();
            // One prepared statement for the whole batch: SQLite compiles it once.
            using var insert = SqliteCommands.Create(connection, transaction, """
                INSERT INTO events (event_id, agent_id, discovered_agent_id, kind, resource, verdict, severity, pid,
                                    process_exe, cmdline, timestamp_ns, metadata, policy_version, received_at_ns)
                VALUES ($event_id, $agent_id, $discovered, $kind, $resource, $verdict, $severity, $pid,
                        $exe, $cmdline, $timestamp, $metadata, $policy, $received)
                ON CONFLICT(event_id) DO NOTHING
                """);
            var eventId = insert.Parameters.Add("$event_id", SqliteType.Text);
            insert.Parameters.AddWithValue("$agent_id", agent);
            var discovered = insert.Parameters.Add("$discovered", SqliteType.Text);
            var kind = insert.Parameters.Add("$kind", SqliteType.Integer);
            var resource = insert.Parameters.Add("$resource", SqliteType.Text);
            var verdict = insert.Parameters.Add("$verdict", SqliteType.Integer);
            var severity = insert.Parameters.Add("$severity", SqliteType.Integer);
            var pid = insert.Parameters.Add("$pid", SqliteType.Integer);
            var exe = insert.Parameters.Add("$exe", SqliteType.Text);
            var cmdline = insert.Parameters.Add("$cmdline", SqliteType.Text);
            var timestamp = insert.Parameters.Add("$timestamp", SqliteType.Integer);
            var metadataJson = insert.Parameters.Add("$metadata", SqliteType.Text);
            var policy = insert.Parameters.Add("$policy", SqliteType.Integer);
            insert.Parameters.AddWithValue("$received", receivedAtNs);

            var stored = 0;
            foreach (var e in batch.Events)
            {
                eventId.Value = Guid.ParseExact(e.EventId, "D").ToString("D");
                discovered.Value = e.DiscoveredAgentId;
                kind.Value = (long)e.Kind;
                resource.Value = e.Resource;
                verdict.Value = (long)e.Verdict;
                severity.Value = (long)e.Severity;
                pid.Value = e.Pid;
                exe.Value = e.ProcessExe;
                cmdline.Value = e.Cmdline;
                timestamp.Value = e.TimestampNs;
                metadataJson.Value = WriteMetadata(e.Metadata, metadata);
                policy.Value = e.PolicyVersion;
                if (insert.ExecuteNonQuery() > 0)
                {
                    stored++;
                    ingested.Add(e);
                }
            }

            var drops = batch.Drops ?? new DropCounters();
            AgentStore.RaiseDropsAndTouch(connection, transaction, agentId,
                new DropCounts(Clamp(drops.SpoolDroppedEvents), Clamp(drops.RingBufferDropped), Clamp(drops.SourceDroppedEvents)),
                now.ToUnixTimeMilliseconds());
            return new BatchResult(stored, batch.Events.Count - stored);
        });
        metrics?.Ingested(ingested, result.Duplicates);
        return result;
    }

    public EventPage Query(EventFilter filter) => database.Read(connection =>
    {
        var sql = new StringBuilder($"SELECT {Columns} FROM events WHERE seq > $after");
        using var select = SqliteCommands.Create(connection, null, string.Empty).With("$after", filter.AfterSequence);
        if (filter.AgentId is { } agentId)
        {
            sql.Append(" AND agent_id = $agent");
            select.With("$agent", agentId.ToString("D"));
        }

        if (filter.DiscoveredAgentId is { } discoveredAgentId)
        {
            sql.Append(" AND discovered_agent_id = $discovered");
            select.With("$discovered", discoveredAgentId);
        }

        if (filter.Kind is { } kind)
        {
            sql.Append(" AND kind = $kind");
            select.With("$kind", (long)kind);
        }

        if (filter.Verdict is { } verdict)
        {
            sql.Append(" AND verdict = $verdict");
            select.With("$verdict", (long)verdict);
        }

        if (filter.Drift is { } drift)
        {
            sql.Append(" AND drift = $drift");
            select.With("$drift", drift ? 1 : 0);
        }

        if (filter.SinceNs is { } since)
        {
            sql.Append(" AND timestamp_ns >= $since");
            select.With("$since", since);
        }

        // One row more than asked tells whether another page exists right now.
        sql.Append(" ORDER BY seq LIMIT $limit");
        select.With("$limit", filter.Limit + 1);
        select.CommandText = sql.ToString();

        var events = new List<StoredEvent>(Math.Min(filter.Limit, 256));
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            events.Add(ReadEvent(reader));
        }

        var hasMore = events.Count > filter.Limit;
        if (hasMore)
        {
            events.RemoveAt(events.Count - 1);
        }

        // An empty page keeps the caller's position, so a follower polling with it loses nothing.
        var position = events.Count > 0 ? events[^1].Sequence : filter.AfterSequence;
        return new EventPage(events, position, hasMore);
    });

    /// <summary>
    /// The next events the drift check has to judge: DENY and ALERT events stamped with a policy
    /// version, after <paramref name="afterSequence"/>. <c>ScannedTo</c> is where the check may
    /// continue from next time, past the events it need not look at.
    /// </summary>
    public (IReadOnlyList<StoredEvent> Events, long ScannedTo) ReadForDriftCheck(long afterSequence, int limit) => database.Read(connection =>
    {
        // Every row up to the highest seq is committed (one writer, transactions in order), so the
        // scan can move up to it even when no row in between needs judging.
        using var max = SqliteCommands.Create(connection, null, "SELECT coalesce(max(seq), 0) FROM events");
        var highest = (long)max.ExecuteScalar()!;
        using var select = SqliteCommands.Create(connection, null, $"""
                SELECT {Columns} FROM events
                WHERE seq > $after AND seq <= $highest AND verdict IN ($deny, $alert) AND policy_version > 0
                ORDER BY seq LIMIT $limit
                """)
            .With("$after", afterSequence)
            .With("$highest", highest)
            .With("$deny", (long)Verdict.Deny)
            .With("$alert", (long)Verdict.Alert)
            .With("$limit", limit);
        using var reader = select.ExecuteReader();
        var events = new List<StoredEvent>();
        while (reader.Read())
        {
            events.Add(ReadEvent(reader));
        }

        return (events, events.Count == limit ? events[^1].Sequence : Math.Max(highest, afterSequence));
    });

    /// <summary>Where the drift check stopped (survives restarts, so no event goes unjudged).</summary>
    public long DriftCheckPosition() => database.Read(connection =>
    {
        using var select = SqliteCommands.Create(connection, null, "SELECT last_seq FROM drift_progress WHERE id = 1");
        return select.ExecuteScalar() is long position ? position : 0;
    });

    /// <summary>Flags <paramref name="drifted"/> events and records the new position, in one transaction.</summary>
    public void RecordDriftCheck(IReadOnlyList<(long Sequence, Verdict Expected)> drifted, long scannedTo) =>
        database.Write((connection, transaction) =>
        {
            using var mark = SqliteCommands.Create(connection, transaction,
                "UPDATE events SET drift = 1, expected_verdict = $expected WHERE seq = $seq");
            var expected = mark.Parameters.Add("$expected", SqliteType.Integer);
            var seq = mark.Parameters.Add("$seq", SqliteType.Integer);
            foreach (var (sequence, verdict) in drifted)
            {
                expected.Value = (long)verdict;
                seq.Value = sequence;
                mark.ExecuteNonQuery();
            }

            using var progress = SqliteCommands.Create(connection, transaction,
                    "UPDATE drift_progress SET last_seq = max(last_seq, $scanned) WHERE id = 1")
                .With("$scanned", scannedTo);
            return progress.ExecuteNonQuery();
        });

    private static StoredEvent ReadEvent(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt32(4),
        reader.GetString(5),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetInt64(8),
        reader.GetString(9),
        reader.GetString(10),
        reader.GetInt64(11),
        JsonSerializer.Deserialize(reader.GetString(12), StorageJsonContext.Default.DictionaryStringString) ?? [],
        reader.GetInt64(13),
        reader.GetInt64(14) != 0,
        reader.IsDBNull(15) ? null : reader.GetInt32(15));

    private static string WriteMetadata(IDictionary<string, string> metadata, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
