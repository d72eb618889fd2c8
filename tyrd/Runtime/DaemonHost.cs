using Grpc.Net.Client;
using Microsoft.Extensions.Hosting.Systemd;
using Tyr.Daemon.Batching;
using Tyr.Daemon.Cli;
using Tyr.Daemon.Config;
using Tyr.Daemon.Diagnostics;
using Tyr.Daemon.Events;
using Tyr.Daemon.Metrics;
using Tyr.Daemon.Platform;
using Tyr.Daemon.Policy;
using Tyr.Daemon.Service;
using Tyr.Daemon.Spool;
using Tyr.Daemon.Transport;
using Tyr.Policy.Compilation;
using Tyr.Protocol;

namespace Tyr.Daemon.Runtime;

/// <summary><c>tyrd run</c>: loads what it needs, wires the parts together and runs until SIGTERM/SIGINT.</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(RunOptions options)
    {
        // Registered first, so a signal during startup is not fatal to the spool.
        using var shutdown = new ShutdownSignal();
        var time = TimeProvider.System;
        DaemonStartup startup;
        try
        {
            startup = DaemonStartup.Load(options, time);
        }
        catch (Exception e) when (e is ConfigException or StartupException)
        {
            Log.Error(e.Message);
            return ExitCodes.Failure;
        }

        using (startup)
        {
            return await RunAsync(startup, options, time, shutdown.Token).ConfigureAwait(false);
        }
    }

    private static async Task<int> RunAsync(DaemonStartup startup, RunOptions options, TimeProvider time, CancellationToken stop)
    {
        var (config, spool) = (startup.Config, startup.Spool);
        if (spool.BatchCount > 0)
        {
            Log.Info($"spool {spool.Path}: {Plural.Of(spool.BatchCount, "batch", "batches")} ({Plural.Of(spool.EventCount, "event", "events")}) to send");
        }

        var policy = new PolicyState();
        List<IEventSource> sources;
        try
        {
            sources = EventSourceFactory.Create(config, policy, options.TestEventSocket);
        }
        catch (Exception e)
        {
            Log.Error($"cannot start the event sources: {e.Message}");
            return ExitCodes.Failure;
        }

        var drops = new DropLedger(spool, sources);
        var kernel = sources.OfType<Kernel.KernelEventSource>().FirstOrDefault();
        var check = new ServerCertificateCheck(startup.Trust);
        using var channel = GrpcChannel.ForAddress(startup.Server.ToUri(), new GrpcChannelOptions
        {
            HttpHandler = TlsHandlerFactory.Create(check.Validate, startup.ClientCertificate),
            DisposeHttpClient = true,
            // Policies carry Cedar text and BPF map entries; leave room above gRPC's 4 MiB.
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
        var streamOptions = new StreamOptions(
            startup.Server,
            startup.Enrollment.AgentId,
            startup.CaFile,
            () => CapabilityReportFor(sources),
            config.ReconnectInitialBackoff,
            config.ReconnectMaxBackoff)
        {
            Agents = kernel?.Agents,
            CaptureTls = kernel is { TlsCapture: true } ? kernel.SetTlsCapture : null,
        };
        var session = new StreamSession(streamOptions, spool, drops, policy, new HeartbeatSettings(config.HeartbeatInterval), time);
        var stream = new StreamClient(new AgentService.AgentServiceClient(channel), session, streamOptions, check, time);
        var limits = new BatchLimits(config.BatchMaxEvents, config.BatchMaxDelay);

        Log.Info($"tyrd {HostInfo.AgentVersion()} starting as agent {startup.Enrollment.AgentId} ({startup.Enrollment.Name}), " +
            $"server {startup.Server}, sources: {(sources.Count == 0 ? "none" : string.Join(", ", sources.Select(s => s.Name)))}");
        using var metricsReport = new DaemonMetricsReport(spool, drops, policy, sources, startup.Server.ToString(), startup.Enrollment.AgentId, time);
        using var metrics = MetricsEndpoint.Start(config.Metrics, metricsReport.Scrape);
        ApplyKeptPolicy(policy, startup.State.PolicyCacheFile);

        var supervisor = new ServiceSupervisor(new SystemdNotifier(), policy, kernel, time);
        using var supervising = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var stopping = stop.Register(supervisor.NotifyStopping);
        var supervision = SuperviseAsync(supervisor, supervising.Token);
        var exitCode = await new RunningDaemon(sources, spool, drops, limits, stream, new UserspaceLayer(policy.Judges), time).RunAsync(stop).ConfigureAwait(false);
        await supervising.CancelAsync().ConfigureAwait(false);
        await supervision.ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>
    /// The last push the server sent, in force from the start (the kernel may have kept it pinned,
    /// but the userspace layer's judge is only in memory); from now on each push is kept.
    /// </summary>
    private static void ApplyKeptPolicy(PolicyState policy, string cacheFile)
    {
        policy.Cache = new PolicyCache(cacheFile);
        if (policy.Cache.Load() is { } kept)
        {
            Log.Info($"the policy kept from the last run (v{kept.PolicyVersion}) is in force until the server is heard");
            policy.Apply(PolicySnapshot.FromPush(kept));
        }
    }

    private static async Task SuperviseAsync(ServiceSupervisor supervisor, CancellationToken stop)
    {
        try
        {
            await supervisor.RunAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped before or after READY.
        }
        catch (Exception e)
        {
            // Without READY systemd stops tyrd at TimeoutStartSec, and without pings at WatchdogSec: say why.
            Log.Error($"service supervision failed: {e.Message}");
        }
    }

    private static CapabilityReport CapabilityReportFor(IReadOnlyList<IEventSource> sources)
    {
        var report = new CapabilityReport
        {
            KernelVersion = HostInfo.KernelVersion(),
            Arch = HostInfo.Architecture(),
            AgentVersion = HostInfo.AgentVersion(),
            TlsCapture = sources.OfType<Kernel.KernelEventSource>().Any(k => k.TlsCapture),
        };
        report.Hooks.AddRange(CapabilityUnion.Merge(sources));
        report.EventSources.AddRange(sources.Select(s => s.Name));
        report.HomeDirectories.AddRange(HostHomeDirectories());
        return report;
    }

    /// <summary>
    /// What a policy's <c>~</c> stands for here; read at every connect, so accounts added since
    /// start count. Without it the server compiles <c>~</c> rules to nothing, so say why.
    /// </summary>
    private static IReadOnlyList<string> HostHomeDirectories()
    {
        try
        {
            return HomeDirectories.FromPasswd().Paths;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn($"cannot read the home directories from /etc/passwd ({e.Message}); policy rules on ~ will match nothing on this host");
            return [];
        }
    }
}
