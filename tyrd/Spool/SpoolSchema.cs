namespace Tyr.Daemon.Spool;

/// <summary>
/// Migrations of spool.db, applied in order by <see cref="Tyr.Sqlite.SqliteDatabase.Open"/>.
/// Append only: a released migration never changes.
/// </summary>
internal static class SpoolSchema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        -- One row per batch that the server has not acknowledged yet. payload is a serialized
        -- EventBatch with its events and sequence but without drops: the counters are stamped when
        -- the batch is (re)sent, so a replay carries the current values.
        CREATE TABLE batches (
            sequence INTEGER PRIMARY KEY,
            event_count INTEGER NOT NULL,
            payload BLOB NOT NULL,
            created_at_ns INTEGER NOT NULL
        );
        -- Counters that must outlive every batch: the last sequence ever assigned (sequence never
        -- goes back, even when the table is empty) and the drop counters, which only grow.
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO meta (key, value) VALUES
            ('last_sequence', 0),
            ('spool_dropped_events', 0),
            ('source_dropped_events', 0),
            ('ring_buffer_dropped', 0);
        """,
    ];
}
