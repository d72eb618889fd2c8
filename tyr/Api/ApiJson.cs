using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tyr.Cli.Api;

/// <summary>Decoding answers and encoding requests with <see cref="ApiJsonContext"/>.</summary>
internal static class ApiJson
{
    public static ApiJsonContext Context => ApiJsonContext.Default;

    /// <summary>Decodes an answer; one that does not fit is the server's fault, exit 1.</summary>
    public static T Decode<T>(string json, JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new CommandFailedException(ExitCodes.Failure, $"unexpected answer from the server ({type.Type.Name}: {e.Message})");
        }
    }

    public static string Encode<T>(T value, JsonTypeInfo<T> type) => JsonSerializer.Serialize(value, type);
}
