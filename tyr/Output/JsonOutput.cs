using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tyr.Cli.Output;

/// <summary>
/// <c>-o json</c>: the server's answer as it came, every field kept, re-indented. Numbers keep
/// their text, so a nanosecond timestamp above 2^53 is not rounded on the way through.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions s_indented = new()
    {
        Indented = true,
        // Paths and messages stay readable ('<', '&', quotes, non-ASCII); this is not HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions s_compact = s_indented with { Indented = false };

    /// <summary>Writes <paramref name="json"/> indented, with a final newline.</summary>
    public static void WriteIndented(string json) => Write(json, s_indented);

    /// <summary>One value on one line (JSON Lines), for streams such as <c>events tail</c>.</summary>
    public static void WriteLine(JsonElement value)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, s_compact))
        {
            value.WriteTo(writer);
        }

        stdout.Write("\n"u8);
    }

    private static void Write(string json, JsonWriterOptions options)
    {
        using var document = Parse(json);
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, options))
        {
            document.RootElement.WriteTo(writer);
        }

        stdout.Write("\n"u8);
    }

    public static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CommandFailedException(ExitCodes.Failure, $"the server's answer is not JSON ({e.Message})");
        }
    }
}
