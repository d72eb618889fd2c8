using System.Net;
using Tyr.Server.Pki;
using Tyr.Server.Storage;

namespace Tyr.Server.Hosting;

/// <summary>What `tyr-server run` was asked to do.</summary>
internal sealed record ServerSettings(
    DataDirectory Data,
    IPEndPoint GrpcEndPoint,
    IPEndPoint HttpEndPoint,
    ServerNames Names,
    uint HeartbeatIntervalSeconds);
