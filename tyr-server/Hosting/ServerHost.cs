using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;
using Tyr.Server.Cli;
using Tyr.Server.Discovery;
using Tyr.Server.Enrollment;
using Tyr.Server.Metrics;
using Tyr.Server.Policies;
using Tyr.Server.Rest;
using Tyr.Server.Services;
using Tyr.Server.Sessions;
using Tyr.Server.Storage;

namespace Tyr.Server.Hosting;

/// <summary>`tyr-server run`: both listeners in one Kestrel, the ready line, a clean stop on SIGTERM.</summary>
internal static class ServerHost
{
    private const string GrpcPathPrefix = "/tyr.v1.AgentService";

    public static async Task<int> RunAsync(ServerSettings settings)
    {
        var time = TimeProvider.System;
        using var state = ServerState.Initialize(settings.Data, time, settings.Names,
            message => Console.Error.WriteLine($"tyr-server: {message}"));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        ConfigureLogging(builder.Logging);
        ConfigureServices(builder.Services, state, settings, time);
        // Under systemd (Type=notify, which sets NOTIFY_SOCKET): READY=1 once both listeners are
        // bound, STOPPING=1 on SIGTERM. Not AddSystemd(): it decides by reading /proc/1/comm,
        // which the unit's ProtectProc=invisible hides, and would then silently do nothing.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        var listeners = new Listeners(settings, state);
        builder.WebHost.ConfigureKestrel(listeners.Configure);

        await using var app = builder.Build();
        app.Use(RestLatency.MeasureAsync);
        app.Use(KeepListenersApart);
        app.MapGrpcService<AgentGrpcService>();
        app.MapRestApi();

        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            throw new CliFailure(e.Message);
        }

        Console.Out.WriteLine(listeners.ReadyLine());
        Console.Out.Flush();

        await app.WaitForShutdownAsync();
        return ExitCodes.Ok;
    }

    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        // stdout carries only the ready line; every log line goes to stderr.
        logging.ClearProviders();
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
        });
        logging.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        // A failed start (e.g. a port in use) is reported as one `tyr-server: error:` line; the
        // host would also log it with the whole stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    }

    private static void ConfigureServices(IServiceCollection services, ServerState state, ServerSettings settings, TimeProvider time)
    {
        services.AddSingleton(state.Ca);
        services.AddSingleton(state.Ca.Trust);
        services.AddSingleton(state.Database);
        services.AddSingleton(settings);
        services.AddSingleton(time);
        services.AddSingleton<AgentStore>();
        services.AddSingleton<EventStore>();
        services.AddSingleton<EnrollmentTokenStore>();
        services.AddSingleton<OperatorTokenStore>();
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<AssignmentStore>();
        services.AddSingleton<EffectivePolicyStore>();
        services.AddSingleton<PolicyDocuments>();
        services.AddSingleton<EffectivePolicyService>();
        services.AddSingleton<PolicyCatalog>();
        services.AddSingleton<DriftMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<DriftMonitor>());
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<DiscoveredAgentStore>();
        services.AddSingleton<DiscoveredAgentReports>();
        services.AddSingleton<AgentSignatureStore>();
        services.AddSingleton<AgentSignatureCatalog>();
        services.AddSingleton<Registrar>();
        services.AddSingleton<AgentStreamHandler>();
        services.AddHostedService<SessionShutdown>();
        services.AddGrpc();
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, RestJson.Context));
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(10));
        services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
    }

    /// <summary>
    /// gRPC only on the gRPC port, REST only on the REST port, with one exception: the CA is also
    /// served on the gRPC port, because .NET's TLS trims a self-signed root from the chain it sends,
    /// so `tyrd enroll --ca-fingerprint` fetches the CA from the only address it knows and pins it.
    /// </summary>
    private static Task KeepListenersApart(HttpContext context, RequestDelegate next)
    {
        var listener = context.Features.Get<ListenerFeature>();
        var path = context.Request.Path;
        var isGrpc = path.StartsWithSegments(GrpcPathPrefix, StringComparison.Ordinal);
        var isCa = path.Equals(RestApi.CaPath, StringComparison.Ordinal);
        if ((listener == ListenerFeature.Grpc && !isGrpc && !isCa) || (listener == ListenerFeature.Rest && isGrpc))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return next(context);
    }
}
