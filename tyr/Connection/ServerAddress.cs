using System.Text.RegularExpressions;

namespace Tyr.Cli.Connection;

/// <summary>
/// The <c>server</c> setting: <c>https://HOST[:PORT][/PATH]</c>, or just <c>HOST[:PORT]</c>.
/// HTTPS only, since the operator token travels in every request. Without a port it is 7701,
/// tyr-server's REST port, not 443: nobody runs the API on 443 by accident.
/// </summary>
internal static partial class ServerAddress
{
    public const int DefaultPort = 7701;

    /// <summary>The API base URL (ending in <c>/api/v1/</c>) of <paramref name="server"/>.</summary>
    public static Uri ApiBase(SourcedValue server)
    {
        var text = server.Value.Trim();
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0 && !text[..schemeEnd].Equals("https", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(server, $"'{text[..schemeEnd]}' is not allowed, tyr talks HTTPS only; give https://HOST[:PORT]");
        }

        var withScheme = schemeEnd >= 0 ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw Invalid(server, "not a server address; give https://HOST[:PORT] such as https://tyr.example.com:7701");
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid(server, "give only https://HOST[:PORT][/PATH], without user, query or fragment (the token goes in --token)");
        }

        var authority = withScheme[(withScheme.IndexOf("://", StringComparison.Ordinal) + 3)..].Split('/')[0];
        var builder = new UriBuilder(uri)
        {
            Port = ExplicitPort().IsMatch(authority) ? uri.Port : DefaultPort,
            Path = uri.AbsolutePath.TrimEnd('/') + "/api/v1/",
        };
        return builder.Uri;
    }

    private static UsageException Invalid(SourcedValue server, string message) =>
        new($"{server.Source}: '{server.Value}': {message}");

    // "host:7701" or "[::1]:7701"; a bare IPv6 address in brackets has no port.
    [GeneratedRegex(@"(^[^\[\]:]+|\])\:\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex ExplicitPort();
}
