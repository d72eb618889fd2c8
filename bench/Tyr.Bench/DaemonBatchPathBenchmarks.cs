using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Tyr.Daemon.Spool;
using Tyr.Protocol;

namespace Tyr.Bench;

/// <summary>
/// The daemon's batch path: 100 events → protobuf EventBatch → a committed spool row (SQLite, WAL,
/// synchronous=NORMAL), and the full life of a batch in the spool (append, then delete on its ack).
/// Baseline: serializing the batch alone, so the ratio is the cost of durability.
/// </summary>
[MemoryDiagnoser]
public class DaemonBatchPathBenchmarks
{
    private readonly List<Event> _events = SampleEvents.Create(100);
    private string _directory = string.Empty;
    private EventSpool _spool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("tyr-bench-spool-").FullName;
        _spool = EventSpool.Open(Path.Combine(_directory, "spool.db"), maxEvents: long.MaxValue, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _spool.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "serialize 100 events")]
    public byte[] Serialize()
    {
        SampleEvents.Renumber(_events);
        var batch = new EventBatch();
        batch.Events.Add(_events);
        return batch.ToByteArray();
    }

    [Benchmark(Description = "spool 100 events (serialize + commit)")]
    public long Spool()
    {
        SampleEvents.Renumber(_events);
        var sequence = _spool.Append(_events, default);
        // Keep the table at its steady-state size: in production acks drain it as fast as it fills.
        _spool.Acknowledge(sequence);
        return sequence;
    }
}
