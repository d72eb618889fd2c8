namespace Tyr.Tls.Redaction;

/// <summary>Names of query parameters and JSON keys whose values are credentials whatever they look like.</summary>
internal static class SensitiveNames
{
    private static readonly string[] s_exact =
    [
        "key", "sig", "code", "auth", "pwd", "passwd", "credential", "credentials", "authorization", "proxyauthorization",
        "cookie", "setcookie", "session", "sessionid",
    ];

    // Compared after lower-casing and dropping '_', '-' and '.', so "x-api-key", "apiKey" and "api_key" all match "apikey".
    private static readonly string[] s_suffixes = ["apikey", "token", "secret", "password", "signature", "privatekey", "secretkey", "accesskey"];

    public static bool IsSensitive(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 64)
        {
            return false;
        }

        Span<char> normalized = stackalloc char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is not ('_' or '-' or '.'))
            {
                normalized[length++] = char.ToLowerInvariant(c);
            }
        }

        var key = normalized[..length];
        foreach (var exact in s_exact)
        {
            if (key.SequenceEqual(exact))
            {
                return true;
            }
        }

        foreach (var suffix in s_suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
