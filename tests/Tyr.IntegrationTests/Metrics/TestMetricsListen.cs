using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Tyr.IntegrationTests.Metrics;

/// <summary>
/// Gives every test tyrd its own metrics port: many run in parallel and the default 7702 would
/// clash. The harness passes each tyrd.yaml through <see cref="WithFreePort"/>.
/// </summary>
internal static partial class TestMetricsListen
{
    /// <summary>Appends <c>metrics.listen: 127.0.0.1:PORT</c> (a port free right now) unless the config sets metrics itself.</summary>
    public static string WithFreePort(string config) =>
        MetricsKey().IsMatch(config) ? config : $"{config.TrimEnd()}\nmetrics:\n  listen: 127.0.0.1:{FreePort()}\n";

    /// <summary>The metrics URL a test tyrd's config names.</summary>
    public static string UrlOf(string configPath)
    {
        var match = ListenValue().Match(File.ReadAllText(configPath));
        Assert.True(match.Success, $"{configPath} has no metrics.listen");
        return $"http://{match.Groups["address"].Value}/metrics";
    }

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"^metrics:", RegexOptions.Multiline)]
    private static partial Regex MetricsKey();

    [GeneratedRegex(@"^\s+listen:\s*(?<address>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ListenValue();
}
