using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Just enough of Google's Gemini API (generativelanguage) for gemini-cli to finish a turn:
/// <c>POST /{version}/models/{model}:streamGenerateContent</c> (SSE with <c>?alt=sse</c>, as the
/// SDK always asks, else one JSON array), <c>:generateContent</c> and <c>:countTokens</c>. Unlike
/// the Anthropic and OpenAI APIs, the model is named in the path, not in the body.
/// </summary>
internal static class GeminiApi
{
    private const string ModelsSegment = "/models/";

    /// <summary>
    /// The model and method of a Gemini call path such as
    /// <c>/v1beta/models/gemini-2.5-pro:streamGenerateContent</c>, or false for any other path.
    /// </summary>
    public static bool TryParseCall(string path, out string model, out string method)
    {
        model = "";
        method = "";
        var models = path.IndexOf(ModelsSegment, StringComparison.Ordinal);
        // Only /v1, /v1beta, /v1alpha...: the one segment before /models/ must be an API version.
        if (models < 3 || !path.StartsWith("/v1", StringComparison.Ordinal) || path.IndexOf('/', 1) != models)
        {
            return false;
        }

        var target = path[(models + ModelsSegment.Length)..];
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || colon == target.Length - 1 || target.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        model = target[..colon];
        method = target[(colon + 1)..];
        return true;
    }

    /// <summary>The model named in a Gemini call's path, or null when the path is not a Gemini call.</summary>
    public static string? ModelInPath(string path) => TryParseCall(path, out var model, out _) ? model : null;

    /// <summary>Answers a POST to the <paramref name="model"/> and <paramref name="method"/> that <see cref="TryParseCall"/> read.</summary>
    public static Task AnswerAsync(HttpContext context, RecordedRequest request, string model, string method, string replyText) =>
        method switch
        {
            "streamGenerateContent" => AnswerStreamAsync(context, request, model, replyText),
            "generateContent" => FakeLlmServer.WriteJsonAsync(
                context.Response, StatusCodes.Status200OK, Chunk(model, replyText, finished: true)),
            "countTokens" => FakeLlmServer.WriteJsonAsync(
                context.Response, StatusCodes.Status200OK, new JsonObject { ["totalTokens"] = Math.Max(1, request.Body.Length / 4) }),
            _ => FakeLlmServer.WriteJsonAsync(context.Response, StatusCodes.Status404NotFound, new JsonObject
            {
                // The shape of Google's own errors, so the client prints the message.
                ["error"] = new JsonObject
                {
                    ["code"] = StatusCodes.Status404NotFound,
                    ["message"] = $"the fake LLM server does not serve the Gemini method '{method}'",
                    ["status"] = "NOT_FOUND",
                },
            }),
        };

    private static async Task AnswerStreamAsync(HttpContext context, RecordedRequest request, string model, string replyText)
    {
        // Two chunks: a client must join them, as with the real API's incremental candidates.
        var half = replyText.Length / 2;
        JsonObject[] chunks = [Chunk(model, replyText[..half], finished: false), Chunk(model, replyText[half..], finished: true)];
        if (!request.Query.Contains("alt=sse", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonArray(chunks).ToJsonString());
            return;
        }

        var sse = new ServerSentEvents(context.Response);
        await sse.StartAsync();
        foreach (var chunk in chunks)
        {
            await sse.DataAsync(chunk.ToJsonString());
        }
    }

    /// <summary>One GenerateContentResponse; only the last of a stream carries finishReason.</summary>
    private static JsonObject Chunk(string model, string text, bool finished)
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject
            {
                ["role"] = "model",
                ["parts"] = new JsonArray(new JsonObject { ["text"] = text }),
            },
            ["index"] = 0,
        };
        if (finished)
        {
            candidate["finishReason"] = "STOP";
        }

        return new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["usageMetadata"] = new JsonObject
            {
                ["promptTokenCount"] = 10,
                ["candidatesTokenCount"] = finished ? 5 : 2,
                ["totalTokenCount"] = finished ? 15 : 12,
            },
            ["modelVersion"] = model,
            ["responseId"] = "tyrfake" + Guid.NewGuid().ToString("N")[..16],
        };
    }
}
