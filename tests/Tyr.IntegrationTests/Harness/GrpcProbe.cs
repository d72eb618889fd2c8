using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;
using Tyr.Pki;
using Tyr.Protocol;

namespace Tyr.IntegrationTests.Harness;

/// <summary>A hand-driven gRPC client, for what a well-behaved tyrd never does.</summary>
internal static class GrpcProbe
{
    public static GrpcChannel Channel(ServerProcess server, X509Certificate2? clientCertificate)
    {
        var trust = CaTrust.FromPemFile(server.CaPath);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && trust.IsValidServer(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), out _);
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return GrpcChannel.ForAddress("https://" + server.DialAddress, new GrpcChannelOptions { HttpHandler = handler });
    }

    public static AgentService.AgentServiceClient Client(GrpcChannel channel) => new(channel);

    /// <summary>Opens Stream, sends one message and reads the first answer (or the error).</summary>
    public static async Task<ServerMessage?> OpenStreamAsync(GrpcChannel channel, AgentMessage first)
    {
        using var call = Client(channel).Stream(deadline: DateTime.UtcNow.AddSeconds(20));
        await call.RequestStream.WriteAsync(first);
        return await call.ResponseStream.MoveNext(CancellationToken.None) ? call.ResponseStream.Current : null;
    }

    public static AgentMessage Capabilities() => new()
    {
        Capabilities = new CapabilityReport { KernelVersion = "test", Arch = "x86_64", AgentVersion = "probe" },
    };

    internal static bool IsTlsRefusal(Grpc.Core.RpcException e) =>
        e.StatusCode is Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.Internal or Grpc.Core.StatusCode.Unauthenticated;
}
