namespace Tyr.Tls.Redaction;

/// <summary>
/// Takes credentials out of a command line before it leaves the host or is stored: agents are started as
/// `aider --openai-api-key sk-...` or `TOKEN=... codex` often enough. Values shaped like keys go
/// (<see cref="SecretScanner"/>), and so does the value of every flag or assignment whose name
/// says it is a secret, whatever the value looks like.
/// </summary>
public static class CommandLineRedactor
{
    // Compared with the name lower-cased and without '-', '_' and '.': "--api-key", "OPENAI_API_KEY"
    // and "apiKey" all end in "apikey". Ends-with, so "--max-tokens" (an LLM setting) stays.
    private static readonly string[] s_sensitiveEndings =
    [
        "apikey", "token", "secret", "password", "passwd", "credential", "credentials", "accesskey", "secretkey", "privatekey",
    ];

    private static readonly string[] s_sensitiveNames = ["key", "auth", "pat", "pwd"];

    /// <summary>The command line (argv joined by spaces) with key-shaped values and the values of secret-named flags replaced.</summary>
    public static string Redact(string cmdline)
    {
        ArgumentNullException.ThrowIfNull(cmdline);
        var words = cmdline.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            var name = (equals > 0 ? word[..equals] : word).TrimStart('-');
            if (!IsSensitive(name))
            {
                if (equals > 0)
                {
                    // NAME=value: the value alone is judged, so that the name stays readable.
                    words[i] = word[..(equals + 1)] + SecretScanner.Redact(word[(equals + 1)..]);
                }

                continue;
            }

            if (equals > 0 && equals < word.Length - 1)
            {
                words[i] = word[..(equals + 1)] + SecretScanner.Placeholder;
            }
            else if (word.StartsWith('-') && equals < 0 && i + 1 < words.Length && words[i + 1].Length > 0 && !words[i + 1].StartsWith('-'))
            {
                words[++i] = SecretScanner.Placeholder;
            }
        }

        // Last, over the whole line: a key may stand anywhere, or span words ("Bearer KEY").
        return SecretScanner.Redact(string.Join(' ', words));
    }

    private static bool IsSensitive(string name)
    {
        if (name.Length is 0 or > 64)
        {
            return false;
        }

        var normalized = new string([.. name.Where(c => c is not ('-' or '_' or '.')).Select(char.ToLowerInvariant)]);
        return s_sensitiveNames.Contains(normalized, StringComparer.Ordinal) ||
               s_sensitiveEndings.Any(ending => normalized.EndsWith(ending, StringComparison.Ordinal));
    }
}
