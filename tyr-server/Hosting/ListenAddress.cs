using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Tyr.Server.Hosting;

/// <summary>
/// <c>IP:PORT</c> as given to --grpc-listen and --http-listen; IPv6 in brackets. Host names are
/// refused on purpose: a listener binds an address, and resolving a name could pick a surprising one.
/// </summary>
internal static class ListenAddress
{
    public static bool TryParse(string text, [NotNullWhen(true)] out IPEndPoint? endPoint, [NotNullWhen(false)] out string? error)
    {
        endPoint = null;
        error = null;
        string host;
        string port;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf("]:", StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"expected [IPv6]:PORT, got '{text}'";
                return false;
            }

            host = text[1..close];
            port = text[(close + 2)..];
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon < 0 || text.IndexOf(':') != colon)
            {
                error = $"expected IP:PORT such as 0.0.0.0:7700 or [::]:7700, got '{text}'";
                return false;
            }

            host = text[..colon];
            port = text[(colon + 1)..];
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            error = $"'{host}' is not an IP address (use an address such as 0.0.0.0, 127.0.0.1 or [::], not a host name)";
            return false;
        }

        if (!ushort.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            error = $"'{port}' is not a port number from 0 to 65535";
            return false;
        }

        endPoint = new IPEndPoint(address, number);
        return true;
    }

    /// <summary>IP:PORT with brackets around IPv6, the form the ready line prints.</summary>
    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
