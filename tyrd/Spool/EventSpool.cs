using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Tyr.Daemon.Diagnostics;
using Tyr.Protocol;
using Tyr.Sqlite;

namespace Tyr.Daemon.Spool;

/// <summary>
/// The durable queue between the batcher and the server, and the single source of truth for what
/// has not been acknowledged: every batch is committed here before it is sent and leaves only on its
/// BatchAck (or when the spool is over its cap, oldest first, counted). SQLite in WAL mode: a commit
/// survives SIGKILL of tyrd. One connection behind one lock; the batcher, sender and ack handler are
/// the only callers and each call is a short transaction.
/// </summary>
internal sealed class EventSpool : IDisposable
{
    private static readonly TimeSpan s_dropWarningInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly long _maxEvents;
    private readonly TimeProvider _time;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _setMeta;
    private readonly SqliteCommand _delete;
    private readonly SqliteCommand _readAfter;
    private readonly SqliteCommand _oldest;
    private readonly SqliteCommand _deleteThrough;

    private long _lastSequence;
    private long _batchCount;
    private long _eventCount;
    private ulong _spoolDropped;
    private SourceDropTotals _sourceDrops;
    private ulong _droppedSinceWarning;
    private DateTimeOffset _lastDropWarning = DateTimeOffset.MinValue;

    private EventSpool(SqliteConnection connection, string path, long maxEvents, TimeProvider time)
    {
        _connection = connection;
        _path = path;
        _maxEvents = maxEvents;
        _time = time;
        _insert = Command(
            "INSERT INTO batches (sequence, event_count, payload, created_at_ns) VALUES ($sequence, $count, $payload, $created);",
            ("$sequence", SqliteType.Integer), ("$count", SqliteType.Integer), ("$payload", SqliteType.Blob), ("$created", SqliteType.Integer));
        _setMeta = Command("UPDATE meta SET value = $value WHERE key = $key;", ("$key", SqliteType.Text), ("$value", SqliteType.Integer));
        _delete = Command("DELETE FROM batches WHERE sequence = $sequence RETURNING event_count;", ("$sequence", SqliteType.Integer));
        _readAfter = Command(
            "SELECT sequence, event_count, payload FROM batches WHERE sequence > $after ORDER BY sequence LIMIT $limit;",
            ("$after", SqliteType.Integer), ("$limit", SqliteType.Integer));
        _oldest = Command("SELECT sequence, event_count FROM batches WHERE sequence < $newest ORDER BY sequence;", ("$newest", SqliteType.Integer));
        _deleteThrough = Command("DELETE FROM batches WHERE sequence <= $sequence;", ("$sequence", SqliteType.Integer));
    }

    /// <summary>Raised after a batch was committed, on the appending thread.</summary>
    public event Action? BatchAppended;

    public string Path => _path;

    /// <summary>Batches waiting for an acknowledgement.</summary>
    public long BatchCount
    {
        get
        {
            lock (_gate)
            {
                return _batchCount;
            }
        }
    }

    public long EventCount
    {
        get
        {
            lock (_gate)
            {
                return _eventCount;
            }
        }
    }

    /// <summary>The highest sequence ever assigned from this spool (0 before the first batch).</summary>
    public long LastSequence
    {
        get
        {
            lock (_gate)
            {
                return _lastSequence;
            }
        }
    }

    /// <summary>Events discarded because the spool was over its cap, over the life of this file.</summary>
    public ulong SpoolDroppedEvents
    {
        get
        {
            lock (_gate)
            {
                return _spoolDropped;
            }
        }
    }

    /// <summary>The source drop totals last saved (at open: what the previous run left).</summary>
    public SourceDropTotals SavedSourceDrops
    {
        get
        {
            lock (_gate)
            {
                return _sourceDrops;
            }
        }
    }

    public static EventSpool Open(string path, long maxEvents, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        var connection = SqliteDatabase.Open(path, SpoolSchema.Migrations);
        try
        {
            var spool = new EventSpool(connection, path, maxEvents, time);
            spool.LoadState();
            return spool;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Commits <paramref name="events"/> as the next batch, together with the current source drop
    /// totals, and trims the oldest batches if the spool is now over its cap.
    /// </summary>
    /// <returns>The batch's sequence.</returns>
    public long Append(IReadOnlyList<Event> events, SourceDropTotals sourceDrops)
    {
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        long sequence;
        lock (_gate)
        {
            sequence = _lastSequence + 1;
            var batch = new EventBatch { Sequence = (ulong)sequence };
            batch.Events.AddRange(events);

            using var transaction = _connection.BeginTransaction();
            Execute(_insert, transaction, sequence, events.Count, batch.ToByteArray(), UnixNanoseconds(_time.GetUtcNow()));
            SetMeta(transaction, "last_sequence", sequence);
            SaveSourceDropsLocked(transaction, sourceDrops);
            var (droppedBatches, droppedEvents) = TrimLocked(transaction, sequence, _eventCount + events.Count);
            transaction.Commit();

            _lastSequence = sequence;
            _batchCount += 1 - droppedBatches;
            _eventCount += events.Count - droppedEvents;
            _sourceDrops = sourceDrops;
            if (droppedEvents > 0)
            {
                _spoolDropped += (ulong)droppedEvents;
                WarnAboutDropsLocked((ulong)droppedEvents);
            }
            else if (_droppedSinceWarning > 0)
            {
                // The episode is over: say what the rate limit held back.
                Log.Warn($"spool {_path}: dropped {_droppedSinceWarning} more of the oldest events ({_spoolDropped} in total)");
                _droppedSinceWarning = 0;
            }
        }

        BatchAppended?.Invoke();
        return sequence;
    }

    /// <summary>Up to <paramref name="maxBatches"/> batches after <paramref name="afterSequence"/>, oldest first.</summary>
    public List<SpooledBatch> ReadAfter(long afterSequence, int maxBatches)
    {
        var batches = new List<SpooledBatch>();
        lock (_gate)
        {
            _readAfter.Parameters["$after"].Value = afterSequence;
            _readAfter.Parameters["$limit"].Value = maxBatches;
            using var reader = _readAfter.ExecuteReader();
            while (reader.Read())
            {
                batches.Add(new SpooledBatch(reader.GetInt64(0), reader.GetInt32(1), (byte[])reader.GetValue(2)));
            }
        }

        return batches;
    }

    /// <summary>Deletes an acknowledged batch; false when it was not (or no longer) spooled.</summary>
    public bool Acknowledge(long sequence)
    {
        lock (_gate)
        {
            _delete.Parameters["$sequence"].Value = sequence;
            var count = _delete.ExecuteScalar();
            if (count is null or DBNull)
            {
                return false;
            }

            _batchCount--;
            _eventCount -= Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }
    }

    /// <summary>Persists source drop totals without a batch (at shutdown).</summary>
    public void SaveSourceDrops(SourceDropTotals totals)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            SaveSourceDropsLocked(transaction, totals);
            transaction.Commit();
            _sourceDrops = totals;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _insert.Dispose();
            _setMeta.Dispose();
            _delete.Dispose();
            _readAfter.Dispose();
            _oldest.Dispose();
            _deleteThrough.Dispose();
            _connection.Dispose();
        }
    }

    private static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static void Execute(SqliteCommand command, SqliteTransaction transaction, params object[] values)
    {
        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
        command.Transaction = null;
    }

    private void LoadState()
    {
        using var meta = _connection.CreateCommand();
        meta.CommandText = "SELECT key, value FROM meta;";
        using (var reader = meta.ExecuteReader())
        {
            ulong source = 0, ring = 0;
            while (reader.Read())
            {
                var value = reader.GetInt64(1);
                switch (reader.GetString(0))
                {
                    case "last_sequence":
                        _lastSequence = value;
                        break;
                    case "spool_dropped_events":
                        _spoolDropped = (ulong)value;
                        break;
                    case "source_dropped_events":
                        source = (ulong)value;
                        break;
                    case "ring_buffer_dropped":
                        ring = (ulong)value;
                        break;
                    default:
                        break;
                }
            }

            _sourceDrops = new SourceDropTotals(source, ring);
        }

        using var totals = _connection.CreateCommand();
        totals.CommandText = "SELECT COUNT(*), COALESCE(SUM(event_count), 0), COALESCE(MAX(sequence), 0) FROM batches;";
        using var row = totals.ExecuteReader();
        row.Read();
        _batchCount = row.GetInt64(0);
        _eventCount = row.GetInt64(1);
        // Belt and braces: a sequence is never reused even if meta were behind the table.
        _lastSequence = Math.Max(_lastSequence, row.GetInt64(2));
    }

    private (long Batches, long Events) TrimLocked(SqliteTransaction transaction, long newest, long eventCount)
    {
        if (eventCount <= _maxEvents)
        {
            return (0, 0);
        }

        long batches = 0, events = 0, through = 0;
        _oldest.Transaction = transaction;
        _oldest.Parameters["$newest"].Value = newest;
        using (var reader = _oldest.ExecuteReader())
        {
            while (eventCount - events > _maxEvents && reader.Read())
            {
                through = reader.GetInt64(0);
                events += reader.GetInt64(1);
                batches++;
            }
        }

        _oldest.Transaction = null;
        if (batches == 0)
        {
            return (0, 0);
        }

        Execute(_deleteThrough, transaction, through);
        SetMeta(transaction, "spool_dropped_events", (long)_spoolDropped + events);
        return (batches, events);
    }

    private void SaveSourceDropsLocked(SqliteTransaction transaction, SourceDropTotals totals)
    {
        if (totals.SourceDroppedEvents != _sourceDrops.SourceDroppedEvents)
        {
            SetMeta(transaction, "source_dropped_events", (long)totals.SourceDroppedEvents);
        }

        if (totals.RingBufferDropped != _sourceDrops.RingBufferDropped)
        {
            SetMeta(transaction, "ring_buffer_dropped", (long)totals.RingBufferDropped);
        }
    }

    private void SetMeta(SqliteTransaction transaction, string key, long value) => Execute(_setMeta, transaction, key, value);

    private void WarnAboutDropsLocked(ulong dropped)
    {
        // A full spool drops on every batch; one line per interval with the total is enough.
        _droppedSinceWarning += dropped;
        var now = _time.GetUtcNow();
        if (now - _lastDropWarning < s_dropWarningInterval)
        {
            return;
        }

        Log.Warn($"spool {_path} is over its cap of {_maxEvents} events: dropped the oldest {_droppedSinceWarning} events " +
            $"({_spoolDropped} in total); is the server reachable?");
        _droppedSinceWarning = 0;
        _lastDropWarning = now;
    }

    private SqliteCommand Command(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        return command;
    }
}
