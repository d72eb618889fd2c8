using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Tyr.Daemon.Transport;

/// <summary>A tyr-server gRPC endpoint as the user writes it: <c>HOST:PORT</c> (IPv6 as <c>[::1]:7700</c>).</summary>
internal sealed record ServerAddress(string Host, int Port)
{
    public Uri ToUri() => new($"https://{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() =>
        Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out ServerAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text) || text.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            // An IPv6 address without brackets is ambiguous about where the port starts.
            return false;
        }

        if (host.Length == 0 || Uri.CheckHostName(host) == UriHostNameType.Unknown ||
            !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ||
            port is < 1 or > 65535)
        {
            return false;
        }

        address = new ServerAddress(host, port);
        return true;
    }
}
