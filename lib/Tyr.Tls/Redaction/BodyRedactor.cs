using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Tyr.Tls.Redaction;

/// <summary>
/// Turns the captured first bytes of a body into text safe to report. JSON is re-written token by token with
/// every string that looks like a secret and every value under a sensitive key replaced by "[REDACTED]"; a token
/// cut by the capture limit is dropped. Server-sent events get the same treatment per "data:" line, other text
/// is scanned token by token, and a body that is not UTF-8 text gives null.
/// </summary>
internal static class BodyRedactor
{
    private static readonly JsonWriterOptions s_writerOptions = new() { SkipValidation = true };
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="captured">The body's first bytes.</param>
    /// <param name="cut">True when the body went on beyond <paramref name="captured"/>.</param>
    public static string? Redact(ReadOnlySpan<byte> captured, bool cut)
    {
        var start = captured.TrimStart(" \t\r\n"u8);
        if (!start.IsEmpty && start[0] is (byte)'{' or (byte)'[')
        {
            return RedactJson(captured, isFinal: !cut);
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(captured);
        }
        catch (DecoderFallbackException)
        {
            // A cut may split a multi-byte character; anything else that is not UTF-8 is binary and not reported.
            if (!cut || !TryDecodeDroppingCutCharacter(captured, out text))
            {
                return null;
            }
        }

        if (cut)
        {
            text = DropCutToken(text);
        }

        return IsEventStream(text) ? RedactEventStream(text) : SecretScanner.Redact(text);
    }

    private static string RedactJson(ReadOnlySpan<byte> json, bool isFinal)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        using (var writer = new Utf8JsonWriter(output, s_writerOptions))
        {
            var reader = new Utf8JsonReader(json, isFinal, new JsonReaderState(new JsonReaderOptions { MaxDepth = 256 }));
            var sensitive = false;
            var skipUntilDepth = -1;
            try
            {
                while (reader.Read())
                {
                    if (skipUntilDepth >= 0)
                    {
                        if (reader.CurrentDepth == skipUntilDepth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                        {
                            skipUntilDepth = -1;
                        }

                        continue;
                    }

                    if (reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var name = reader.GetString() ?? string.Empty;
                        sensitive = SensitiveNames.IsSensitive(name);
                        writer.WritePropertyName(SecretScanner.Redact(name));
                        continue;
                    }

                    if (sensitive)
                    {
                        sensitive = false;
                        writer.WriteStringValue(SecretScanner.Placeholder);
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            skipUntilDepth = reader.CurrentDepth;
                        }

                        continue;
                    }

                    WriteToken(writer, ref reader);
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // Keep what was read before the bytes stopped being JSON.
            }
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static void WriteToken(Utf8JsonWriter writer, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(SecretScanner.Redact(reader.GetString() ?? string.Empty));
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
            default:
                break;
        }
    }

    private static bool IsEventStream(string text) =>
        text.StartsWith("event:", StringComparison.Ordinal) || text.StartsWith("data:", StringComparison.Ordinal)
        || text.StartsWith(':') || text.StartsWith("id:", StringComparison.Ordinal);

    private static string RedactEventStream(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var range in text.AsSpan().Split('\n'))
        {
            var line = text.AsSpan()[range];
            if (range.Start.Value > 0)
            {
                builder.Append('\n');
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var data = line[5..].TrimStart(' ').TrimEnd('\r');
                if (data.StartsWith('{') || data.StartsWith('['))
                {
                    builder.Append("data: ").Append(RedactJson(Encoding.UTF8.GetBytes(data.ToString()), isFinal: true));
                    if (line.EndsWith('\r'))
                    {
                        builder.Append('\r');
                    }

                    continue;
                }
            }

            builder.Append(SecretScanner.Redact(line.ToString()));
        }

        return builder.ToString();
    }

    // The capture may end inside a token; a half key is still a leak, so the last token goes.
    private static string DropCutToken(string text)
    {
        var end = text.Length;
        while (end > 0 && !char.IsWhiteSpace(text[end - 1]) && text[end - 1] is not ('"' or ',' or ':' or '&' or ';'))
        {
            end--;
        }

        return text[..end];
    }

    private static bool TryDecodeDroppingCutCharacter(ReadOnlySpan<byte> captured, out string text)
    {
        text = string.Empty;
        for (var drop = 1; drop <= 3 && drop < captured.Length; drop++)
        {
            try
            {
                text = s_strictUtf8.GetString(captured[..^drop]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return false;
    }
}
