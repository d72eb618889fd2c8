namespace Tyr.Server.Storage;

/// <summary>
/// The database schema as ordered migrations; SqliteDatabase.Open applies the ones a file lacks.
/// Never edit a shipped entry: append a new one. Times are Unix milliseconds unless the column
/// name ends in _ns (Unix nanoseconds).
/// </summary>
internal static class Schema
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE agents (
            id                    TEXT PRIMARY KEY NOT NULL,  -- UUID, lower case
            name                  TEXT NOT NULL,
            kernel_version        TEXT NOT NULL,
            arch                  TEXT NOT NULL,
            cert_fingerprint      TEXT NOT NULL,              -- SHA-256 of the client cert DER, hex
            enrolled_at           INTEGER NOT NULL,
            last_seen             INTEGER,
            revoked_at            INTEGER,
            capabilities          TEXT,                       -- JSON, the last CapabilityReport
            spool_dropped_events  INTEGER NOT NULL DEFAULT 0, -- DropCounters: the highest value seen
            ring_buffer_dropped   INTEGER NOT NULL DEFAULT 0,
            source_dropped_events INTEGER NOT NULL DEFAULT 0
        ) STRICT;

        CREATE TABLE enrollment_tokens (
            hash       TEXT PRIMARY KEY NOT NULL,  -- SHA-256 of the token, hex; never the token
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at    INTEGER,
            used_by    TEXT                        -- the agent id it enrolled
        ) STRICT;

        CREATE TABLE operator_tokens (
            hash       TEXT PRIMARY KEY NOT NULL,
            created_at INTEGER NOT NULL,
            label      TEXT NOT NULL DEFAULT ''
        ) STRICT;

        CREATE TABLE events (
            seq                 INTEGER PRIMARY KEY AUTOINCREMENT, -- arrival order; REST cursors
            event_id            TEXT NOT NULL UNIQUE,              -- UUID, lower case; idempotency key
            agent_id            TEXT NOT NULL REFERENCES agents(id),
            discovered_agent_id TEXT NOT NULL,
            kind                INTEGER NOT NULL,
            resource            TEXT NOT NULL,
            verdict             INTEGER NOT NULL,
            severity            INTEGER NOT NULL,
            pid                 INTEGER NOT NULL,
            process_exe         TEXT NOT NULL,
            cmdline             TEXT NOT NULL,
            timestamp_ns        INTEGER NOT NULL,
            metadata            TEXT NOT NULL,                     -- JSON object of strings
            policy_version      INTEGER NOT NULL,
            received_at_ns      INTEGER NOT NULL
        ) STRICT;

        CREATE INDEX events_by_agent ON events(agent_id, seq);
        CREATE INDEX events_by_timestamp ON events(timestamp_ns);
        """,
    ];
}
