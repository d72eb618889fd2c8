using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Tyr.Protocol;
using Tyr.Server.Storage;
using Tyr.Sqlite;

namespace Tyr.Bench;

/// <summary>
/// The server's ingest path: one EventBatch of 100 events → 100 idempotent rows in one transaction,
/// as the Stream handler does before it acknowledges. Baseline: the same number of bare INSERTs of
/// an id and a blob in one transaction on the same kind of database — SQLite's own floor here.
/// </summary>
[MemoryDiagnoser]
public class ServerIngestBenchmarks
{
    private readonly List<Event> _events = SampleEvents.Create(100);
    private readonly Guid _agentId = Guid.NewGuid();
    private string _directory = string.Empty;
    private ServerDatabase _database = null!;
    private EventStore _store = null!;
    private SqliteConnection _floor = null!;
    private EventBatch _replay = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("tyr-bench-ingest-").FullName;
        _database = ServerDatabase.Open(Path.Combine(_directory, "tyr.db"));
        _database.Write((connection, transaction) =>
        {
            AgentStore.Insert(connection, transaction, new AgentRecord(
                _agentId, "bench", "6.1", "x86_64", "fingerprint", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), null, null, null, default));
            return 0;
        });
        _store = new EventStore(_database, TimeProvider.System);
        _replay = Batch();
        _store.StoreBatch(_agentId, _replay);

        _floor = SqliteDatabase.Open(Path.Combine(_directory, "floor.db"), ["CREATE TABLE rows (id TEXT PRIMARY KEY, body BLOB);"]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        _floor.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "SQLite floor: 100 bare inserts")]
    public int BareInserts()
    {
        SampleEvents.Renumber(_events);
        using var transaction = _floor.BeginTransaction();
        using var insert = _floor.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO rows (id, body) VALUES ($id, $body)";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Blob);
        var rows = 0;
        foreach (var e in _events)
        {
            id.Value = e.EventId;
            body.Value = System.Text.Encoding.UTF8.GetBytes(e.Resource);
            rows += insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return rows;
    }

    [Benchmark(Description = "ingest a batch of 100 new events")]
    public int Ingest() => _store.StoreBatch(_agentId, Batch()).Stored;

    [Benchmark(Description = "ingest a replayed batch (100 duplicates)")]
    public int Replay() => _store.StoreBatch(_agentId, _replay).Duplicates;

    private EventBatch Batch()
    {
        SampleEvents.Renumber(_events);
        var batch = new EventBatch { Sequence = 1, Drops = new DropCounters() };
        batch.Events.Add(_events);
        return batch;
    }
}
