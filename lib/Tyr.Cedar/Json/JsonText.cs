using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Tyr.Cedar.Json;

/// <summary>Reading JSON text into a document, and the small phrases error messages share.</summary>
internal static class JsonText
{
    // Deep enough for any real entity data; the readers recurse once per level, so the limit is
    // also what keeps a hostile input from exhausting the stack.
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 256 };

    /// <summary>Parses strict JSON (no comments, no trailing commas), as the official parser does.</summary>
    public static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, s_options);
        }
        catch (JsonException e)
        {
            throw new CedarJsonException(Position(json, e) + "invalid JSON: " + Reason(e.Message));
        }
    }

    /// <summary>
    /// Parses <paramref name="json"/> and hands its root to <paramref name="reader"/>. The readers
    /// name the place of a bad string or key themselves; this is the net for one they do not reach.
    /// </summary>
    public static T Read<T>(string json, Func<JsonElement, T> reader)
    {
        using var document = Parse(json);
        try
        {
            return reader(document.RootElement);
        }
        catch (InvalidOperationException)
        {
            throw new CedarJsonException("a string or key is not valid Unicode (a lone surrogate escape)");
        }
    }

    /// <summary>A JSON string literal, with non-ASCII characters left readable.</summary>
    public static string Quote(string s) =>
        "\"" + JsonEncodedText.Encode(s, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() + "\"";

    /// <summary>What a JSON value is, for "expected X, got Y".</summary>
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + element.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The string of a JSON string token; refuses lone surrogates, which are not Unicode text.</summary>
    public static string GetString(JsonElement element, JsonPlace place)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw place.Error("the string is not valid Unicode (a lone surrogate escape)");
        }
    }

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 5." to its messages; the
    // position is reported in front instead, as a line and a character column.
    private static string Reason(string message)
    {
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at < 0 ? message : message[..at]).TrimEnd();
    }

    private static string Position(string json, JsonException e)
    {
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } bytes)
        {
            return "";
        }

        var start = 0;
        for (long l = 0; l < line && start < json.Length; l++)
        {
            var next = json.IndexOf('\n', start);
            start = next < 0 ? json.Length : next + 1;
        }

        // The reader counts UTF-8 bytes; people count characters.
        var column = 1;
        long consumed = 0;
        var rest = json.AsSpan(start);
        foreach (var rune in rest.EnumerateRunes())
        {
            if (consumed >= bytes || rune.Value == '\n')
            {
                break;
            }

            consumed += rune.Utf8SequenceLength;
            column++;
        }

        return "line " + (line + 1).ToString(CultureInfo.InvariantCulture) + ", column " +
               column.ToString(CultureInfo.InvariantCulture) + ": ";
    }
}
