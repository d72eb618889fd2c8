using Tyr.Daemon.Agents;
using Tyr.Protocol;

namespace Tyr.Daemon.Transport;

/// <summary>What the stream needs to know about this agent and how to behave.</summary>
/// <param name="Capabilities">Built again for every stream, so a reconnect reports the hooks as they are now.</param>
internal sealed record StreamOptions(
    ServerAddress Server,
    string AgentId,
    string CaFile,
    Func<CapabilityReport> Capabilities,
    TimeSpan InitialBackoff,
    TimeSpan MaxBackoff)
{
    /// <summary>Unacknowledged batches on the wire: enough to fill a fast link, few enough to replay cheaply.</summary>
    public int Window { get; init; } = 64;

    /// <summary>Agent discovery, when an event source has it (the kernel's).</summary>
    public IAgentDirectory? Agents { get; init; }

    /// <summary>Turns TLS capture on or off as the server's ConfigUpdate.capture_tls says; null without a TLS source.</summary>
    public Action<bool>? CaptureTls { get; init; }
}
