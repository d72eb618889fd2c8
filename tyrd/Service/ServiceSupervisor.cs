using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Kernel;
using Tyr.Daemon.Metrics;
using Tyr.Daemon.Policy;

namespace Tyr.Daemon.Service;

/// <summary>
/// tyrd's side of systemd's Type=notify contract. READY=1 goes out once the kernel hooks are
/// attached (they are before this runs) and a policy is in force: the one the kernel kept pinned,
/// the last push kept on disk, or the server's first push. With none of those within
/// <see cref="PolicyWait"/>, deny-by-default is what is in force, and READY says so rather than
/// holding the unit in "activating" while the server is away. Just before READY the hooks an
/// earlier tyrd pinned are retired: from then on only this tyrd's are attached. After READY,
/// WATCHDOG=1 every half WatchdogSec, but only while the pipeline makes progress: the ring
/// buffer's loop went round, or events reached the batcher. A busy tyrd draining a backlog (its
/// loop waits on a full pipe) still moves events; a wedged one moves nothing and gets restarted. Outside systemd (no NOTIFY_SOCKET) only the log line and
/// the retiring happen.
/// </summary>
internal sealed class ServiceSupervisor(ISystemdNotifier notifier, PolicyState policy, KernelEventSource? kernel, TimeProvider time)
{
    public static readonly TimeSpan PolicyWait = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken stop)
    {
        var inForce = await WaitForPolicyAsync(stop).ConfigureAwait(false);
        if (kernel is not null)
        {
            var retired = kernel.RetirePreviousPins();
            if (retired.Links + retired.Maps > 0)
            {
                Log.Info($"kernel: the hooks an earlier tyrd pinned are retired ({Plural.Of(retired.Links, "link", "links")} detached); this tyrd's are in force");
            }
        }

        Log.Info($"ready: kernel hooks attached, {inForce}");
        notifier.Notify(new ServiceState($"READY=1\nSTATUS={inForce}"));

        var watchdog = WatchdogInterval();
        if (watchdog is not { } interval)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval / 2, time);
        var stalled = false;
        var eventsBefore = DaemonActivity.EventsReadTotal();
        while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
        {
            var since = kernel?.SinceLastLoopTurn ?? TimeSpan.Zero;
            var events = DaemonActivity.EventsReadTotal();
            var moved = events != eventsBefore;
            eventsBefore = events;
            if (since < interval / 2 || moved)
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
                stalled = false;
            }
            else if (!stalled)
            {
                stalled = true;
                Log.Error($"the ring buffer loop has not turned for {since.TotalSeconds:0} s and no event moved; not pinging systemd's watchdog");
            }
        }
    }

    /// <summary>Says STOPPING=1 when the stop begins, so systemd shows "deactivating" during the drain.</summary>
    public void NotifyStopping() => notifier.Notify(ServiceState.Stopping);

    private async Task<string> WaitForPolicyAsync(CancellationToken stop)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(PolicySnapshot snapshot) => arrived.TrySetResult();
        policy.Changed += OnChanged;
        try
        {
            if (Describe() is null)
            {
                await Task.WhenAny(arrived.Task, Task.Delay(PolicyWait, time, stop)).ConfigureAwait(false);
                stop.ThrowIfCancellationRequested();
            }

            return Describe() ?? $"no policy yet after {PolicyWait.TotalSeconds:0} s: deny-by-default is in force for governed processes";
        }
        finally
        {
            policy.Changed -= OnChanged;
        }
    }

    private string? Describe()
    {
        if (policy.Current is { } current)
        {
            return current.DenyByDefault ? "the server's deny-by-default in force" : $"policy v{current.Version} in force";
        }

        return kernel?.PolicyVersion is { } pinned ? $"policy v{pinned} in force (kept pinned in the kernel)" : null;
    }

    /// <summary>WatchdogSec as systemd passes it (WATCHDOG_USEC, for this pid when WATCHDOG_PID is set).</summary>
    private static TimeSpan? WatchdogInterval()
    {
        var pid = Environment.GetEnvironmentVariable("WATCHDOG_PID");
        if (pid is not null && pid != Environment.ProcessId.ToString(CultureInfo.InvariantCulture))
        {
            return null;
        }

        return ulong.TryParse(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), CultureInfo.InvariantCulture, out var usec) && usec > 0
            ? TimeSpan.FromMicroseconds(usec)
            : null;
    }
}
