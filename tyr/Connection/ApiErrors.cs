using System.Net;
using System.Text.Json;

namespace Tyr.Cli.Connection;

/// <summary>
/// Turns a non-2xx answer into exit code and messages. The server's <c>{"error": "..."}</c> is
/// already worded for the operator; a refused policy adds <c>"errors"</c>, one
/// <c>FILE:LINE:COL: message</c> per problem, and every one is printed.
/// </summary>
internal static class ApiErrors
{
    public static CommandFailedException FromResponse(HttpMethod method, Uri uri, HttpStatusCode status, string body, ConnectionSettings settings)
    {
        var exitCode = ExitCodeOf(status);
        var messages = Messages(body);
        if (messages.Count == 0)
        {
            // No JSON error: a 404 from routing (an older server without this endpoint) or a proxy.
            var hint = status == HttpStatusCode.NotFound ? " (this server has no such endpoint: is it older than tyr?)" : string.Empty;
            messages = [$"{method} {uri.AbsolutePath}: HTTP {(int)status}{hint}"];
        }

        if (exitCode == ExitCodes.Unauthorized)
        {
            messages = [.. messages.Select(m => $"{m} (token from {settings.Token.Source})")];
        }

        return new CommandFailedException(exitCode, messages);
    }

    public static int ExitCodeOf(HttpStatusCode status) => (int)status switch
    {
        400 or 413 or 422 => ExitCodes.Usage,
        401 or 403 => ExitCodes.Unauthorized,
        404 => ExitCodes.NotFound,
        _ => ExitCodes.Failure,
    };

    private static List<string> Messages(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                return [.. errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
            }

            return root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? [error.GetString()!] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
