using System.Text;
using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>JSON spelled with Utf8JsonWriter, readable non-ASCII included.</summary>
internal static class Json
{
    private static readonly JsonWriterOptions s_compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions s_indented = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = true,
    };

    public static string Write(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, indented ? s_indented : s_compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Re-indents a JSON text for a human reader.</summary>
    public static string Pretty(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Write(doc.RootElement.WriteTo, indented: true);
    }
}
