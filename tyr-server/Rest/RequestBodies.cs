using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Tyr.Server.Rest;

/// <summary>Reading small JSON request bodies with a size limit and errors named "body: ...".</summary>
internal static class RequestBodies
{
    /// <summary>The whole body, or null when it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static IResult TooLarge(int maxBytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge, $"body: larger than {maxBytes} bytes");

    public static bool IsEmpty(byte[] body) => body.AsSpan().Trim(" \t\r\n"u8).Length == 0;

    /// <summary>
    /// Parses <paramref name="body"/>; on failure <paramref name="error"/> is a 400 that shows the
    /// expected shape (<paramref name="example"/>). Unknown members are refused by the context.
    /// </summary>
    public static bool TryParse<T>(byte[] body, JsonTypeInfo<T> type, string example, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out IResult? error)
        where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException e)
        {
            value = null;
            error = ApiResults.Error(StatusCodes.Status400BadRequest, $"body: not a JSON object like {example} ({e.Message})");
            return false;
        }

        if (value is null)
        {
            error = ApiResults.Error(StatusCodes.Status400BadRequest, $"body: not a JSON object like {example}");
            return false;
        }

        error = null;
        return true;
    }
}
