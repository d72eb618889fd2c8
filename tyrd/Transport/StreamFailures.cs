using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace Tyr.Daemon.Transport;

/// <summary>
/// Puts a failed stream into words an operator can act on. gRPC reports most transport trouble
/// as "Unavailable"; the cause is in the inner exceptions and in our own certificate check.
/// </summary>
internal static class StreamFailures
{
    public static string Describe(SessionOutcome outcome, ServerAddress server, string caFile, string? certificateRefusal)
    {
        var caHint = $"check that {caFile} matches the server's /api/v1/ca.pem";
        if (certificateRefusal is not null)
        {
            return $"refused the server's certificate: {certificateRefusal}; {caHint}";
        }

        var failure = outcome.Failure;
        if (failure is null)
        {
            return "the server closed the stream";
        }

        if (failure is not RpcException rpc)
        {
            return $"{failure.GetType().Name}: {failure.Message}";
        }

        switch (rpc.StatusCode)
        {
            case StatusCode.Unauthenticated or StatusCode.PermissionDenied:
                return $"the server does not accept this agent (revoked or re-enrolled?): {rpc.Status.Detail}";
            case StatusCode.Unavailable when RpcErrors.Find<SocketException>(rpc) is { } socket:
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => $"cannot connect to {server}: connection refused (is tyr-server running?)",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => $"cannot resolve {server.Host}",
                    SocketError.TimedOut => $"cannot connect to {server}: timed out",
                    _ when outcome.Uptime is not null => $"the connection to {server} was lost: {socket.Message}",
                    _ => $"cannot connect to {server}: {socket.Message}",
                };
            case StatusCode.Unavailable or StatusCode.Internal when RpcErrors.Find<AuthenticationException>(rpc) is { } tls:
                return $"TLS with {server} failed ({tls.Message}); {caHint}";
            case StatusCode.Unavailable when outcome.Uptime is null:
                // With TLS 1.3 the server judges our certificate after the handshake looks done to
                // us, so a refusal shows up only as a connection that dies before HTTP/2 starts.
                return $"the server refused our certificate or TLS failed: {caHint} ({RpcErrors.Innermost(rpc)})";
            case StatusCode.Unavailable:
                return $"the connection to {server} was lost ({RpcErrors.Innermost(rpc)})";
            case StatusCode.Internal when RpcErrors.Find<HttpProtocolException>(rpc) is not null || RpcErrors.Innermost(rpc).Contains("ping", StringComparison.OrdinalIgnoreCase):
                return $"the connection to {server} broke ({RpcErrors.Innermost(rpc)})";
            default:
                return $"{rpc.StatusCode}: {rpc.Status.Detail}";
        }
    }
}
