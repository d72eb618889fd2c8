using System.Text;

namespace Tyr.Tls.Redaction;

/// <summary>
/// Recognises values that look like credentials (API keys, tokens) so that they never reach an event.
/// It errs towards redacting: a false positive costs a readable value, a false negative leaks a key.
/// </summary>
public static class SecretScanner
{
    /// <summary>What a recognised secret is replaced with.</summary>
    public const string Placeholder = "[REDACTED]";

    // The shortest key we recognise by prefix; shorter tokens are never keys (except after "Bearer").
    private const int MinKeyLength = 20;
    private const int MinGenericLength = 32;

    // Vendor prefixes with the shortest plausible whole key. Ordered longest-first where one prefixes another.
    private static readonly (string Prefix, int MinLength)[] s_keyPrefixes =
    [
        ("sk-ant-", MinKeyLength), ("sk-proj-", MinKeyLength), ("sk-svcacct-", MinKeyLength), ("sk-admin-", MinKeyLength),
        ("sk-or-", MinKeyLength), ("AIza", 30), ("ghp_", MinKeyLength), ("gho_", MinKeyLength), ("ghu_", MinKeyLength),
        ("ghs_", MinKeyLength), ("ghr_", MinKeyLength), ("github_pat_", 30), ("xai-", MinKeyLength), ("glpat-", MinKeyLength),
        ("hf_", MinKeyLength), ("gsk_", MinKeyLength), ("pplx-", MinKeyLength), ("r8_", MinKeyLength), ("npm_", 30),
        ("xoxb-", MinKeyLength), ("xoxp-", MinKeyLength), ("xapp-", MinKeyLength), ("sk_live_", MinKeyLength),
        ("sk_test_", MinKeyLength), ("rk_live_", MinKeyLength), ("AKIA", 20), ("ASIA", 20),
    ];


    /// <summary>True when the whole of <paramref name="value"/> looks like a credential.</summary>
    public static bool LooksLikeSecret(string? value) => value is not null && LooksLikeSecret(value.AsSpan().Trim());

    /// <summary>
    /// Returns <paramref name="text"/> with every token that looks like a credential replaced by <see cref="Placeholder"/>;
    /// the same instance when nothing was found.
    /// </summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? output = null;
        var copiedUpTo = 0;
        var afterScheme = false;
        var schemeStart = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!IsTokenChar(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsTokenChar(text[i]))
            {
                i++;
            }

            var token = text.AsSpan(start, i - start);
            var redacted = afterScheme && IsCredentialAfterScheme(text.AsSpan(schemeStart, start - schemeStart), token) ? Placeholder : RedactToken(token);
            afterScheme = IsSchemeWord(token) && i < text.Length && text[i] == ' ';
            schemeStart = start;
            if (redacted is null)
            {
                continue;
            }

            output ??= new StringBuilder(text.Length);
            output.Append(text, copiedUpTo, start - copiedUpTo).Append(redacted);
            copiedUpTo = i;
        }

        if (output is null)
        {
            return text;
        }

        return output.Append(text, copiedUpTo, text.Length - copiedUpTo).ToString();
    }

    /// <summary>Redacts, then lower-cases what is left: letter case is part of what makes a key recognisable.</summary>
    internal static string RedactThenLowerCase(string text)
    {
        var redacted = Redact(text);
        return ReferenceEquals(redacted, text)
            ? text.ToLowerInvariant()
            : redacted.ToLowerInvariant().Replace("[redacted]", Placeholder, StringComparison.Ordinal);
    }

    /// <summary>True when <paramref name="text"/> holds a token that <see cref="Redact"/> would replace.</summary>
    public static bool ContainsSecret(string text) => !ReferenceEquals(Redact(text), text);

    internal static bool LooksLikeSecret(ReadOnlySpan<char> value)
    {
        var space = value.IndexOf(' ');
        if (space > 0 && IsSchemeWord(value[..space]) && IsCredentialAfterScheme(value[..(space + 1)], value[(space + 1)..].TrimStart(' ')))
        {
            return true;
        }

        if (value.Length < MinKeyLength)
        {
            return false;
        }

        foreach (var (prefix, minLength) in s_keyPrefixes)
        {
            if (value.Length >= minLength && value.StartsWith(prefix, StringComparison.Ordinal) && IsKeyBody(value[prefix.Length..]))
            {
                return true;
            }
        }

        // Older OpenAI keys are "sk-" and 48 alphanumerics; ask for a digit so that "sk-learn-..." words pass.
        if (value.Length >= MinGenericLength && value.StartsWith("sk-", StringComparison.Ordinal) && IsKeyBody(value[3..]) && value.ContainsAnyInRange('0', '9'))
        {
            return true;
        }

        return LooksLikeJwt(value) || LooksLikeHexKey(value) || LooksLikeRandomToken(value);
    }

    // Returns the replacement for a token, or null to keep it. Tries the whole token, then its parts,
    // so that a key inside "key=AIza..." or "/models/sk-..." is caught without redacting the rest.
    private static string? RedactToken(ReadOnlySpan<char> token)
    {
        if (token.Length < MinKeyLength)
        {
            return null;
        }

        if (LooksLikeSecret(token))
        {
            return Placeholder;
        }

        return RedactParts(token, "/=+~") is { } outer ? outer : null;
    }

    private static string? RedactParts(ReadOnlySpan<char> token, string separators)
    {
        if (token.IndexOfAny(separators) < 0)
        {
            return separators == "/=+~" ? RedactParts(token, ".") : null;
        }

        StringBuilder? output = null;
        var start = 0;
        while (start <= token.Length)
        {
            var length = token[start..].IndexOfAny(separators);
            var end = length < 0 ? token.Length : start + length;
            var part = token[start..end];
            string? replacement = null;
            if (part.Length >= MinKeyLength)
            {
                replacement = LooksLikeSecret(part) ? Placeholder : separators == "/=+~" ? RedactParts(part, ".") : null;
            }

            if (replacement is not null && output is null)
            {
                output = new StringBuilder(token.Length).Append(token[..start]);
            }

            if (output is not null)
            {
                output.Append(replacement ?? part.ToString());
                if (end < token.Length)
                {
                    output.Append(token[end]);
                }
            }

            start = end + 1;
        }

        return output?.ToString();
    }

    private static bool LooksLikeJwt(ReadOnlySpan<char> value)
    {
        if (!value.StartsWith("eyJ", StringComparison.Ordinal))
        {
            return false;
        }

        var firstDot = value.IndexOf('.');
        if (firstDot < 8)
        {
            return false;
        }

        var rest = value[(firstDot + 1)..];
        var secondDot = rest.IndexOf('.');
        if (secondDot < 8)
        {
            return false;
        }

        return IsBase64Url(value[..firstDot]) && IsBase64Url(rest[..secondDot]) && IsBase64Url(rest[(secondDot + 1)..]);
    }

    private static bool LooksLikeHexKey(ReadOnlySpan<char> value)
    {
        if (value.Length < MinGenericLength || value.ContainsAnyExcept(s_hexChars))
        {
            return false;
        }

        return value.ContainsAnyInRange('0', '9') && (value.ContainsAnyInRange('a', 'f') || value.ContainsAnyInRange('A', 'F'));
    }

    // Random base64/base64url of 24+ bytes: both letter cases, varied characters, and not made of words.
    // Measured on random 32-character tokens, this misses about 1 in 20,000; at 44 characters 1 in 300,000.
    private static bool LooksLikeRandomToken(ReadOnlySpan<char> value)
    {
        if (value.Length < MinGenericLength || value.ContainsAnyExcept(s_base64Chars)
            || !value.ContainsAnyInRange('a', 'z') || !value.ContainsAnyInRange('A', 'Z'))
        {
            return false;
        }

        Span<int> counts = stackalloc int[128];
        var inWords = 0;
        var lowerRun = 0;
        foreach (var c in value)
        {
            counts[c]++;
            if (char.IsAsciiLetterLower(c))
            {
                lowerRun++;
                inWords += lowerRun == 4 ? 4 : lowerRun > 4 ? 1 : 0;
            }
            else
            {
                lowerRun = 0;
            }
        }

        // CamelCase and hyphenated identifiers ("ApplicationDefaultCredentialsProvider") are mostly runs of 4+ lower-case
        // letters; a token with digits or base64 symbols must be even more word-like to pass.
        var wordLimit = value.ContainsAnyInRange('0', '9') || value.ContainsAny('+', '/', '=') ? 75 : 60;
        if (inWords * 100 >= value.Length * wordLimit)
        {
            return false;
        }

        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / value.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy >= 3.3;
    }

    private static bool IsKeyBody(ReadOnlySpan<char> body) => body.Length > 0 && !body.ContainsAnyExcept(s_keyChars);

    private static bool IsBase64Url(ReadOnlySpan<char> part) => !part.ContainsAnyExcept(s_keyChars);

    // Authorization schemes: whatever follows "Bearer" is a credential; "Basic" is also an English word,
    // so only a base64-looking token after it counts.
    private static bool IsSchemeWord(ReadOnlySpan<char> token) =>
        token.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || token.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    private static bool IsCredentialAfterScheme(ReadOnlySpan<char> scheme, ReadOnlySpan<char> token)
    {
        if (token.IsEmpty)
        {
            return false;
        }

        if (scheme.TrimEnd(' ').Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return token.Length >= 8 && !token.ContainsAnyExcept(s_base64Chars)
            && (token.ContainsAnyInRange('0', '9') || token.EndsWith('=') || (token.ContainsAnyInRange('a', 'z') && token.ContainsAnyInRange('A', 'Z')));
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '+' or '/' or '=' or '.' or '~';

    private static readonly System.Buffers.SearchValues<char> s_keyChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    private static readonly System.Buffers.SearchValues<char> s_hexChars =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly System.Buffers.SearchValues<char> s_base64Chars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-");
}
