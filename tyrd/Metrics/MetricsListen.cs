using System.Globalization;
using System.Net;

namespace Tyr.Daemon.Metrics;

/// <summary>
/// <c>metrics.listen</c> in tyrd.yaml: where the local /metrics endpoint listens, or off. Only a
/// loopback address is accepted: the endpoint has no authentication, like node_exporter's, so it
/// must not be reachable from another machine.
/// </summary>
internal sealed record MetricsListen(IPEndPoint? EndPoint)
{
    public const int DefaultPort = 7702;

    public static MetricsListen Default { get; } = new(new IPEndPoint(IPAddress.Loopback, DefaultPort));

    public static MetricsListen Off { get; } = new((IPEndPoint?)null);

    public bool Enabled => EndPoint is not null;

    /// <summary>The URL of the endpoint, e.g. http://127.0.0.1:7702/metrics.</summary>
    public string Url => EndPoint is { } endPoint ? $"http://{Authority(endPoint)}/metrics" : "off";

    /// <summary>
    /// <c>off</c>, or HOST:PORT with HOST a loopback IP (<c>127.0.0.1</c>, <c>[::1]</c>) or
    /// <c>localhost</c>; false with a message that says what is wrong.
    /// </summary>
    public static bool TryParse(string? text, out MetricsListen listen, out string error)
    {
        listen = Off;
        error = string.Empty;
        text = text?.Trim() ?? string.Empty;
        if (text is "off" or "Off" or "OFF")
        {
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"expected HOST:PORT on a loopback address (e.g. 127.0.0.1:{DefaultPort}) or off, got '{text}'";
            return false;
        }

        var host = text[..colon];
        IPAddress? address;
        if (host is "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (host.StartsWith('[') && host.EndsWith(']'))
        {
            address = IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? v6 : null;
        }
        else
        {
            address = IPAddress.TryParse(host, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : null;
        }

        if (address is null)
        {
            error = $"'{host}' is not an IP address (write 127.0.0.1, [::1] or localhost)";
            return false;
        }

        if (!IPAddress.IsLoopback(address))
        {
            error = $"{host} is not a loopback address: tyrd's /metrics has no authentication, so it only listens on 127.0.0.1, [::1] or localhost (scrape it through a local Prometheus or agent)";
            return false;
        }

        listen = new MetricsListen(new IPEndPoint(address, port));
        return true;
    }

    public override string ToString() => EndPoint is { } endPoint ? Authority(endPoint) : "off";

    private static string Authority(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{endPoint.Address}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endPoint.Address}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";
}
