using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Tyr.Server.Tokens;

/// <summary>Bearer secrets: a readable prefix plus 256 random bits, and how they are stored.</summary>
internal static class SecretTokens
{
    public const string EnrollmentPrefix = "tyr_enroll_";
    public const string OperatorPrefix = "tyr_admin_";

    public static string NewEnrollmentToken() => EnrollmentPrefix + RandomPart();

    public static string NewOperatorToken() => OperatorPrefix + RandomPart();

    /// <summary>
    /// What the database keeps instead of the token: SHA-256, lower-case hex. A plain fast hash is
    /// the right tool here, unlike for passwords: the tokens carry 256 random bits, so there is no
    /// dictionary to try and a leaked hash cannot be brute-forced back into a usable token.
    /// </summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string RandomPart()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Base64Url.EncodeToString(random);
    }
}
