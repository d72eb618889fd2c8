using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Tyr.Server.Hosting;

/// <summary>
/// The gRPC and REST listeners of one Kestrel. Kestrel writes the bound endpoint back into each
/// ListenOptions when it starts, which is how port 0 becomes the real port in the ready line.
/// </summary>
internal sealed class Listeners(ServerSettings settings, ServerState state)
{
    private ListenOptions? _grpc;
    private ListenOptions? _rest;

    public void Configure(KestrelServerOptions kestrel)
    {
        var logger = kestrel.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Tyr.Server.Tls");
        kestrel.AddServerHeader = false;
        // Finds agents whose connection died without a FIN long before TCP would.
        kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(60);
        kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        kestrel.Listen(settings.GrpcEndPoint, listen =>
        {
            _grpc = listen;
            listen.Protocols = HttpProtocols.Http2;
            Tag(listen, ListenerFeature.Grpc);
            listen.UseHttps(TlsOptions.ForGrpc(state.ServerCertificate!, state.Ca, logger));
        });
        kestrel.Listen(settings.HttpEndPoint, listen =>
        {
            _rest = listen;
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            Tag(listen, ListenerFeature.Rest);
            listen.UseHttps(TlsOptions.ForRest(state.ServerCertificate!, state.Ca));
        });
    }

    /// <summary>The line tests and scripts wait for; valid once the server has started.</summary>
    public string ReadyLine() =>
        $"tyr-server ready grpc={Bound(_grpc)} http={Bound(_rest)} ca_fingerprint={state.Ca.Fingerprint}";

    private static void Tag(ListenOptions listen, ListenerFeature listener) =>
        listen.Use(next => connection =>
        {
            connection.Features.Set(listener);
            return next(connection);
        });

    private static string Bound(ListenOptions? listen) =>
        ListenAddress.Format(listen?.IPEndPoint ?? throw new InvalidOperationException("the listeners have not been bound"));
}
