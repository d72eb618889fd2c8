using System.Net;

namespace Tyr.Server.Config;

/// <summary>
/// What /etc/tyr/tyr-server.yaml sets for <c>tyr-server run</c>; <see langword="null"/> is "not in
/// the file", so the command-line default applies. A flag given on the command line wins over both.
/// </summary>
internal sealed record ServerConfig
{
    /// <summary>Where the packaged server looks when <c>--config</c> is not given.</summary>
    public const string DefaultPath = "/etc/tyr/tyr-server.yaml";

    /// <summary>The file these values came from, or <see langword="null"/> when none was read.</summary>
    public string? SourcePath { get; init; }

    /// <summary><c>data_dir</c>, as <c>--data</c>.</summary>
    public string? DataDirectory { get; init; }

    /// <summary><c>grpc_listen</c>, as <c>--grpc-listen</c>.</summary>
    public IPEndPoint? GrpcListen { get; init; }

    /// <summary><c>http_listen</c>, as <c>--http-listen</c>.</summary>
    public IPEndPoint? HttpListen { get; init; }

    /// <summary><c>san</c>, as repeated <c>--san</c> (DNS names or IPs, validated).</summary>
    public string[]? SubjectAlternativeNames { get; init; }

    /// <summary><c>heartbeat_interval_s</c>, as <c>--heartbeat-interval</c>.</summary>
    public uint? HeartbeatIntervalSeconds { get; init; }
}
