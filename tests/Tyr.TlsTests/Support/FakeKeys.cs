using System.Security.Cryptography;
using System.Text;

namespace Tyr.TlsTests.Support;

/// <summary>Credentials shaped like the real ones (prefix, length, alphabet), freshly random for each test run.</summary>
internal static class FakeKeys
{
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Anthropic() => "sk-ant-api03-" + Random(Base64Url, 93) + "AA";

    public static string AnthropicOAuth() => "sk-ant-oat01-" + Random(Base64Url, 93) + "AA";

    public static string OpenAiProject() => "sk-proj-" + Random(Base64Url, 74) + "T3BlbkFJ" + Random(Base64Url, 74);

    public static string OpenAiLegacy() => "sk-" + Random(Alnum, 20) + "T3BlbkFJ" + Random(Alnum, 20);

    public static string Google() => "AIza" + Random(Base64Url, 35);

    public static string GitHubClassic() => "ghp_" + Random(Alnum, 36);

    public static string GitHubOAuth() => "gho_" + Random(Alnum, 36);

    public static string GitHubFineGrained() => "github_pat_11" + Random(Alnum, 20) + "_" + Random(Alnum, 59);

    public static string Xai() => "xai-" + Random(Alnum, 80);

    public static string Jwt()
    {
        static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT","kid":"k1"}"""));
        var payload = B64(Encoding.UTF8.GetBytes($$"""{"sub":"user-{{Random(Alnum, 12)}}","aud":"https://api.openai.com/v1","exp":1893456000}"""));
        return $"{header}.{payload}.{B64(RandomNumberGenerator.GetBytes(64))}";
    }

    public static string RandomBase64() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>One of every kind, named.</summary>
    public static IReadOnlyList<(string Kind, string Key)> All() =>
    [
        ("anthropic", Anthropic()), ("anthropic-oauth", AnthropicOAuth()), ("openai-project", OpenAiProject()),
        ("openai-legacy", OpenAiLegacy()), ("google", Google()), ("github-classic", GitHubClassic()),
        ("github-oauth", GitHubOAuth()), ("github-fine-grained", GitHubFineGrained()), ("xai", Xai()), ("jwt", Jwt()),
        ("base64", RandomBase64()), ("hex", RandomHex()),
    ];

    /// <summary>
    /// True when any 12-character window of the key's random part appears in <paramref name="text"/>
    /// (case-insensitively, since host names are lower-cased), so a half-redacted key counts as a leak.
    /// </summary>
    public static bool Leaks(string key, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var prefixEnd = key.StartsWith("sk-ant-", StringComparison.Ordinal) ? 13
            : key.StartsWith("github_pat_", StringComparison.Ordinal) ? 13
            : key.StartsWith("sk-proj-", StringComparison.Ordinal) ? 8
            : key.Length > 4 && key[3] is '-' or '_' ? 4 : 0;
        var secret = key[prefixEnd..];
        for (var i = 0; i + 12 <= secret.Length; i++)
        {
            if (text.Contains(secret.AsSpan(i, 12), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Random(string alphabet, int length) => RandomNumberGenerator.GetString(alphabet, length);
}
