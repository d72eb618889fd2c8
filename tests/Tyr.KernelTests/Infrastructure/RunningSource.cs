using System.Threading.Channels;
using Tyr.Daemon.Kernel;
using Tyr.Protocol;

namespace Tyr.KernelTests.Infrastructure;

/// <summary>A started <see cref="KernelEventSource"/> whose events a test collects and waits for.</summary>
internal sealed class RunningSource : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<Event> _channel = Channel.CreateUnbounded<Event>();
    private readonly List<Event> _events = [];
    private readonly Lock _lock = new();
    private readonly Task _run;
    private readonly Task _collect;
    private readonly List<string> _log = [];

    private RunningSource(KernelEventSource source, List<string> log)
    {
        Source = source;
        _log = log;
        _run = source.RunAsync(_channel.Writer, _stop.Token);
        _collect = CollectAsync();
    }

    public KernelEventSource Source { get; }

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_lock)
            {
                return [.. _log];
            }
        }
    }

    public static RunningSource Start(KernelOptions options)
    {
        var log = new List<string>();
        var source = KernelEventSource.Start(new KernelOptions
        {
            GovernedExecutables = options.GovernedExecutables,
            GovernedCgroups = options.GovernedCgroups,
            RingBufferSize = options.RingBufferSize,
            TryLsm = options.TryLsm,
            DiscoverAgents = options.DiscoverAgents,
            AgentCatalog = options.AgentCatalog,
            AgentSearchRoots = options.AgentSearchRoots,
            PinDirectory = options.PinDirectory,
            Log = line =>
            {
                lock (log)
                {
                    log.Add(line);
                }
            },
        });
        return new RunningSource(source, log);
    }

    public static RunningSource Governing(params string[] executables) =>
        Start(new KernelOptions { GovernedExecutables = [.. executables.Select(e => new Tyr.Daemon.Kernel.GovernedPath(e))] });

    public List<Event> Events(Func<Event, bool>? predicate = null)
    {
        lock (_lock)
        {
            return [.. _events.Where(predicate ?? (_ => true))];
        }
    }

    /// <summary>The first event (already seen or still to come) that matches, or a failure with what did arrive.</summary>
    public async Task<Event> WaitForAsync(Func<Event, bool> predicate, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var match = Events(predicate).FirstOrDefault();
            if (match is not null)
            {
                return match;
            }

            await Task.Delay(20);
        }

        var seen = Events();
        Assert.Fail($"no event for {what} within the timeout; {seen.Count} events arrived:\n" +
            string.Join("\n", seen.TakeLast(40).Select(Describe)));
        return null!;
    }

    /// <summary>
    /// Waits until everything that happened before this call has been read from the ring buffer:
    /// the governed <paramref name="agent"/> writes a fresh file and its event is awaited. One ring
    /// buffer, read in order, so any record of an earlier, finished process would already be here.
    /// This is how a test asserts that something produced no event, without sleeping.
    /// </summary>
    public async Task FenceAsync(GovernedAgent agent)
    {
        var fence = System.IO.Path.Combine(agent.Directory, $"fence-{Guid.NewGuid():N}");
        await agent.RunAsync($"echo fence > {fence}");
        await WaitForAsync(e => e.Resource == fence, "the fence write");
    }

    public static string Describe(Event e) =>
        $"{e.Kind} {e.Verdict} pid={e.Pid} exe={e.ProcessExe} resource={e.Resource} version={e.PolicyVersion} " +
        string.Join(" ", e.Metadata.OrderBy(m => m.Key).Select(m => $"{m.Key}={m.Value}"));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        finally
        {
            _channel.Writer.TryComplete();
            await _collect;
            await Source.DisposeAsync();
            _stop.Dispose();
        }
    }

    private async Task CollectAsync()
    {
        await foreach (var e in _channel.Reader.ReadAllAsync())
        {
            lock (_lock)
            {
                _events.Add(e);
            }
        }
    }
}
