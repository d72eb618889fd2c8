using System.Threading.Channels;
using Tyr.Policy.Evaluation;
using Tyr.Protocol;
using Tyr.Server.Hosting;
using Tyr.Server.Storage;
using Tyr.Server.Text;

namespace Tyr.Server.Policies;

/// <summary>
/// Judges every stored DENY and ALERT event again, with the Cedar of the exact effective policy
/// that judged it on the daemon (its policy_version), and flags the event when the verdicts
/// differ (drift: the kernel entries and the Cedar text disagree, or the daemon misbehaves).
/// Runs beside ingestion, never on the ack path: it follows the events table from a stored
/// position, so a restart resumes where it stopped and no event goes unjudged.
/// </summary>
internal sealed class DriftMonitor(EventStore events, EffectivePolicyStore effective, ILogger<DriftMonitor> logger, Metrics.ServerMetrics? metrics = null) : BackgroundService
{
    private const int ChunkSize = 500;
    private const int JudgeCacheCapacity = 64;

    // Persisting the position costs a write; without drift to record it is written only this
    // often (a restart re-judges at most this many events, and flagging again is harmless).
    private const long PositionWriteInterval = 10_000;

    private static readonly TimeSpan s_retryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<long, CachedJudge> _judges = [];
    private readonly Queue<long> _judgeOrder = new();
    private long _position;
    private long _persistedPosition;

    /// <summary>New events were stored: look at them soon.</summary>
    public void Notify() => _wake.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _position = _persistedPosition = events.DriftCheckPosition();
        Notify();
        try
        {
            while (await _wake.Reader.WaitToReadAsync(stoppingToken))
            {
                _wake.Reader.TryRead(out _);
                try
                {
                    CheckNewEvents();
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
                {
                    logger.DriftCheckFailed((int)s_retryDelay.TotalSeconds, e.Message);
                    await Task.Delay(s_retryDelay, stoppingToken);
                    Notify();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        if (_position != _persistedPosition)
        {
            try
            {
                events.RecordDriftCheck([], _position);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or ObjectDisposedException)
            {
                // The next start re-judges from the last stored position.
            }
        }
    }

    private void CheckNewEvents()
    {
        while (true)
        {
            var (batch, scannedTo) = events.ReadForDriftCheck(_position, ChunkSize);
            var drifted = new List<(long Sequence, Verdict Expected)>();
            foreach (var stored in batch)
            {
                if (Judge(stored) is { } expected)
                {
                    drifted.Add((stored.Sequence, expected));
                }
            }

            _position = scannedTo;
            metrics?.DriftFound(drifted.Count);
            if (drifted.Count > 0 || _position - _persistedPosition >= PositionWriteInterval)
            {
                events.RecordDriftCheck(drifted, _position);
                _persistedPosition = _position;
            }

            if (batch.Count < ChunkSize)
            {
                return;
            }
        }
    }

    /// <summary>The verdict the policy gives when it differs from the event's; null when they agree (or it cannot be judged).</summary>
    private Verdict? Judge(StoredEvent stored)
    {
        var cached = JudgeFor(stored.PolicyVersion);
        if (cached.Problem is { } problem)
        {
            logger.DriftCheckSkipped(stored.AgentId, stored.EventId, problem);
            return null;
        }

        if (!string.Equals(cached.AgentId, stored.AgentId, StringComparison.Ordinal))
        {
            logger.DriftCheckSkipped(stored.AgentId, stored.EventId, $"it names effective policy v{stored.PolicyVersion}, which was computed for agent {cached.AgentId}");
            return null;
        }

        if (!EventFacts.TryFrom(stored, out var facts))
        {
            logger.DriftCheckSkipped(stored.AgentId, stored.EventId, $"event kind {ProtoNames.Kind((EventKind)stored.Kind)} has no policy operation");
            return null;
        }

        var judgement = cached.Judge!.Judge(facts!);
        var expected = (Verdict)(int)judgement.Verdict;
        var actual = EventFacts.EffectiveVerdict(stored);
        if (actual == expected)
        {
            return null;
        }

        logger.DriftFound(stored.AgentId, stored.EventId, ProtoNames.Kind((EventKind)stored.Kind), stored.Resource,
            ProtoNames.Verdict((Verdict)stored.Verdict), stored.PolicyVersion, ProtoNames.Verdict(expected), judgement.RuleId ?? "no rule matched");
        return expected;
    }

    private CachedJudge JudgeFor(long pushVersion)
    {
        if (_judges.TryGetValue(pushVersion, out var cached))
        {
            return cached;
        }

        var record = effective.Find(pushVersion);
        if (record is null)
        {
            cached = new CachedJudge(null, null, $"effective policy v{pushVersion} is not stored on this server");
        }
        else
        {
            try
            {
                cached = new CachedJudge(record.AgentId.ToString("D"), PolicyJudge.Create(record.Cedar), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                cached = new CachedJudge(record.AgentId.ToString("D"), null, $"the Cedar of effective policy v{pushVersion} does not load: {e.Message}");
            }
        }

        // Events arrive roughly in policy order, so the oldest judge is the one least needed.
        if (_judgeOrder.Count >= JudgeCacheCapacity)
        {
            _judges.Remove(_judgeOrder.Dequeue());
        }

        _judges[pushVersion] = cached;
        _judgeOrder.Enqueue(pushVersion);
        return cached;
    }

    private sealed record CachedJudge(string? AgentId, PolicyJudge? Judge, string? Problem);
}
