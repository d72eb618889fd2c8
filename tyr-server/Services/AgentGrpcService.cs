using Grpc.Core;
using Tyr.Protocol;
using Tyr.Server.Enrollment;
using Tyr.Server.Sessions;

namespace Tyr.Server.Services;

/// <summary>tyr.v1.AgentService on the gRPC listener; the work lives in the enrollment and session types.</summary>
internal sealed class AgentGrpcService(Registrar registrar, AgentStreamHandler streams) : AgentService.AgentServiceBase
{
    public override Task<RegisterResponse> Register(RegisterRequest request, ServerCallContext context) =>
        Task.FromResult(registrar.Register(request));

    public override Task Stream(IAsyncStreamReader<AgentMessage> requestStream, IServerStreamWriter<ServerMessage> responseStream,
        ServerCallContext context) =>
        streams.RunAsync(requestStream, responseStream, context);
}
