namespace Tyr.Cedar.Evaluation;

/// <summary>
/// Orders strings by their UTF-8 bytes (equivalently, by code points), the order of Rust's
/// <c>str</c> that the official implementation uses for record keys. Plain ordinal comparison of
/// UTF-16 differs for characters beyond the Basic Multilingual Plane.
/// </summary>
internal static class Utf8Order
{
    public static int Compare(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        for (var i = 0; i < length; i++)
        {
            if (a[i] != b[i])
            {
                return Rank(a[i]) - Rank(b[i]);
            }
        }

        return a.Length - b.Length;
    }

    // Surrogates (U+D800-DFFF) encode code points above U+FFFF, so they rank after U+E000-FFFF.
    private static int Rank(char c) => c switch
    {
        >= '\uE000' => c - 0x800,
        >= '\uD800' => c + 0x2000,
        _ => c,
    };
}
