using System.Text;

namespace Tyr.Tls.Redaction;

/// <summary>
/// Makes a request target safe to report: the path's secret-looking tokens and the values of sensitive or
/// secret-looking query parameters become "[REDACTED]"; parameter names stay so that e.g. alt=sse remains visible.
/// </summary>
internal static class PathRedactor
{
    /// <summary>The longest path we report; longer ones are cut (after redaction, so no key is cut in half).</summary>
    public const int MaxLength = 2048;

    /// <summary>Redacts an origin-form target ("/v1/x?key=..."); the fragment, if any, is dropped.</summary>
    public static string Redact(string target)
    {
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            target = target[..hash];
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var builder = new StringBuilder(target.Length);
        builder.Append(RedactPath(path));
        if (question >= 0)
        {
            builder.Append('?');
            var first = true;
            foreach (var range in target.AsSpan(question + 1).Split('&'))
            {
                if (!first)
                {
                    builder.Append('&');
                }

                first = false;
                AppendParameter(builder, target.AsSpan(question + 1)[range]);
            }
        }

        return builder.Length > MaxLength ? builder.ToString(0, MaxLength) : builder.ToString();
    }

    private static void AppendParameter(StringBuilder builder, ReadOnlySpan<char> parameter)
    {
        var equals = parameter.IndexOf('=');
        var name = equals < 0 ? parameter : parameter[..equals];
        builder.Append(RedactName(name.ToString()));
        if (equals < 0)
        {
            return;
        }

        var value = parameter[(equals + 1)..].ToString();
        var decodedName = Decode(name.ToString(), plusIsSpace: true);
        var secret = SensitiveNames.IsSensitive(decodedName) || LooksSecret(value) || LooksSecret(Decode(value, plusIsSpace: true));
        builder.Append('=').Append(secret ? SecretScanner.Placeholder : value);
    }

    // First a key spanning segments (base64 has '/') is caught by scanning the whole path; then a segment that holds
    // a key, raw or percent-decoded, goes whole, so that no piece of the key is left beside the placeholder.
    private static string RedactPath(string path)
    {
        path = SecretScanner.Redact(path);
        var builder = new StringBuilder(path.Length);
        foreach (var range in path.AsSpan().Split('/'))
        {
            if (range.Start.Value > 0)
            {
                builder.Append('/');
            }

            var segment = path[range];
            var secret = LooksSecret(segment) || LooksSecret(Decode(segment, plusIsSpace: false));
            builder.Append(secret ? SecretScanner.Placeholder : segment);
        }

        return builder.ToString();
    }

    private static string RedactName(string name) =>
        LooksSecret(name) || LooksSecret(Decode(name, plusIsSpace: true)) ? SecretScanner.Placeholder : name;

    private static bool LooksSecret(string value) => SecretScanner.LooksLikeSecret(value) || SecretScanner.ContainsSecret(value);

    private static string Decode(string value, bool plusIsSpace)
    {
        if (value.IndexOf('%', StringComparison.Ordinal) < 0 && (!plusIsSpace || value.IndexOf('+', StringComparison.Ordinal) < 0))
        {
            return value;
        }

        return Uri.UnescapeDataString(plusIsSpace ? value.Replace('+', ' ') : value);
    }
}
