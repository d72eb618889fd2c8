using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tyr.Server.Rest;

/// <summary>
/// The opaque next_cursor: the arrival sequence of the last event returned. Versioned text under
/// base64url so its format can change without clients parsing it.
/// </summary>
internal static class EventCursor
{
    private const string Prefix = "v1:";

    public static string Encode(long sequence) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(Prefix + sequence.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string cursor, out long sequence)
    {
        sequence = 0;
        if (cursor.Length > 64 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
        return text.StartsWith(Prefix, StringComparison.Ordinal) &&
            long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
