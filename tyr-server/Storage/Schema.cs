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
        """
        -- Policies (issue 5). Versions and effective policies are history: the triggers make the
        -- database itself refuse to rewrite or delete them, whoever holds a connection.
        CREATE TABLE policy_versions (
            version          INTEGER PRIMARY KEY,   -- 1, 2, ...: one sequence for every policy name
            name             TEXT NOT NULL,
            description      TEXT,
            yaml             TEXT NOT NULL,         -- exactly as applied
            cedar            TEXT NOT NULL,         -- compiled with the generic homes (/root, /home/<user>)
            bpf_entries      BLOB NOT NULL,         -- likewise; docs/bpf-entries.md
            routing          TEXT NOT NULL,         -- JSON array: where each rule is enforced and why
            rule_count       INTEGER NOT NULL,
            hash             TEXT NOT NULL,         -- SHA-256 of the UTF-8 YAML, hex
            author           TEXT NOT NULL,         -- the operator token's label
            message          TEXT NOT NULL,
            created_at       INTEGER NOT NULL,
            rolled_back_from INTEGER REFERENCES policy_versions(version)
        ) STRICT;

        CREATE INDEX policy_versions_by_name ON policy_versions(name, version);

        CREATE TRIGGER policy_versions_no_update BEFORE UPDATE ON policy_versions
        BEGIN SELECT RAISE(ABORT, 'policy_versions is append-only'); END;

        CREATE TRIGGER policy_versions_no_delete BEFORE DELETE ON policy_versions
        BEGIN SELECT RAISE(ABORT, 'policy_versions is append-only'); END;

        -- One version per target; assigning again replaces it.
        CREATE TABLE policy_assignments (
            target_type TEXT NOT NULL CHECK (target_type IN ('daemon', 'agent_type')),
            target_id   TEXT NOT NULL,              -- agent UUID (lower case) or agent type name
            version     INTEGER NOT NULL REFERENCES policy_versions(version),
            assigned_at INTEGER NOT NULL,
            assigned_by TEXT NOT NULL,
            PRIMARY KEY (target_type, target_id)
        ) STRICT;

        -- What each daemon was sent: push_version is PolicyPush.policy_version and Event.policy_version.
        CREATE TABLE effective_policies (
            push_version    INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused, so monotonic per daemon
            agent_id        TEXT NOT NULL REFERENCES agents(id),
            base_version    INTEGER REFERENCES policy_versions(version),
            overlays        TEXT NOT NULL,          -- JSON [{agent_type, scope, version, name}]
            deny_by_default INTEGER NOT NULL,
            cedar           TEXT NOT NULL,
            bpf_entries     BLOB NOT NULL,
            routing         TEXT NOT NULL,
            homes           TEXT NOT NULL,          -- JSON array: what ~ stood for on that host
            created_at      INTEGER NOT NULL
        ) STRICT;

        CREATE INDEX effective_policies_by_agent ON effective_policies(agent_id, push_version);

        CREATE TRIGGER effective_policies_no_update BEFORE UPDATE ON effective_policies
        BEGIN SELECT RAISE(ABORT, 'effective_policies is append-only'); END;

        CREATE TRIGGER effective_policies_no_delete BEFORE DELETE ON effective_policies
        BEGIN SELECT RAISE(ABORT, 'effective_policies is append-only'); END;

        -- Drift: the server's own verdict for a DENY or ALERT event, when it disagrees with the daemon's.
        ALTER TABLE events ADD COLUMN drift INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE events ADD COLUMN expected_verdict INTEGER;
        CREATE INDEX events_with_drift ON events(seq) WHERE drift = 1;

        -- How far the drift check has read the events table (one row). It starts after the events
        -- stored before policies existed: none of them was judged by a stored effective policy.
        CREATE TABLE drift_progress (
            id       INTEGER PRIMARY KEY CHECK (id = 1),
            last_seq INTEGER NOT NULL
        ) STRICT;

        INSERT INTO drift_progress (id, last_seq) VALUES (1, (SELECT coalesce(max(seq), 0) FROM events));
        """,
        """
        -- AI agents the daemons discovered (docs/agents.md): one row per daemon and agent instance,
        -- updated by every report and kept after the agent ends (history, never deleted).
        CREATE TABLE discovered_agents (
            agent_id            TEXT NOT NULL REFERENCES agents(id), -- the daemon that reported it
            discovered_agent_id TEXT NOT NULL,              -- UUID, lower case; Event.discovered_agent_id
            agent_type          TEXT NOT NULL,
            root_pid            INTEGER NOT NULL,
            exe                 TEXT NOT NULL,
            cmdline             TEXT NOT NULL,
            started_at_ns       INTEGER NOT NULL,
            ended_at_ns         INTEGER,                    -- NULL while it runs
            end_seen            INTEGER,                    -- 1: tyrd saw it end; 0: gone from a complete report (ended unwatched); NULL while it runs
            process_count       INTEGER NOT NULL,
            last_activity_ns    INTEGER NOT NULL,           -- never goes backwards
            signature           TEXT NOT NULL,
            tagged_by           TEXT NOT NULL,
            tag_delay_ns        INTEGER NOT NULL,
            first_reported_at   INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL,
            PRIMARY KEY (agent_id, discovered_agent_id)
        ) STRICT;

        CREATE INDEX discovered_agents_by_start ON discovered_agents(started_at_ns);
        CREATE INDEX discovered_agents_by_id ON discovered_agents(discovered_agent_id);
        -- Counting an instance's events reads only this index.
        CREATE INDEX events_by_discovered_agent ON events(discovered_agent_id, agent_id);

        -- The agent signature catalogue operators push to daemons, append-only like policies.
        CREATE TABLE agent_signature_versions (
            version    INTEGER PRIMARY KEY,
            yaml       TEXT,                   -- NULL: back to the built-in catalogue
            hash       TEXT,                   -- SHA-256 of the UTF-8 YAML, hex; NULL with yaml
            signatures INTEGER NOT NULL,       -- entries in the catalogue (the built-in's for a reset)
            author     TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TRIGGER agent_signature_versions_no_update BEFORE UPDATE ON agent_signature_versions
        BEGIN SELECT RAISE(ABORT, 'agent_signature_versions is append-only'); END;

        CREATE TRIGGER agent_signature_versions_no_delete BEFORE DELETE ON agent_signature_versions
        BEGIN SELECT RAISE(ABORT, 'agent_signature_versions is append-only'); END;
        """,
        """
        -- What a REST token may do: 'operator' (everything) or 'metrics' (GET /metrics only).
        ALTER TABLE operator_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'operator';
        """,
    ];
}
