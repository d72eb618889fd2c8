using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Just enough of Anthropic's Messages API for claude-code to finish a turn: <c>POST /v1/messages</c>
/// streamed as the real API streams it (message_start, content_block_start, ping,
/// content_block_delta, content_block_stop, message_delta, message_stop) or as one JSON message,
/// and <c>POST /v1/messages/count_tokens</c>.
/// </summary>
internal static class AnthropicMessagesApi
{
    public static async Task AnswerMessagesAsync(HttpContext context, RecordedRequest request, string replyText)
    {
        var model = request.Model ?? "claude-fake";
        var id = "msg_tyrfake" + Guid.NewGuid().ToString("N")[..16];
        context.Response.Headers["request-id"] = "req_tyrfake" + Guid.NewGuid().ToString("N")[..16];
        context.Response.Headers["anthropic-organization-id"] = Guid.Empty.ToString();
        if (!request.WantsStream)
        {
            var message = Message(id, model, [TextBlock(replyText)], "end_turn", outputTokens: 5);
            await FakeLlmServer.WriteJsonAsync(context.Response, StatusCodes.Status200OK, message);
            return;
        }

        var sse = new ServerSentEvents(context.Response);
        await sse.StartAsync();
        await sse.EventAsync("message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = Message(id, model, [], stopReason: null, outputTokens: 1),
        });
        await sse.EventAsync("content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = TextBlock(""),
        });
        await sse.EventAsync("ping", new JsonObject { ["type"] = "ping" });
        // Two deltas: a client must join them, as with the real API's token-by-token deltas.
        var half = replyText.Length / 2;
        foreach (var piece in new[] { replyText[..half], replyText[half..] })
        {
            await sse.EventAsync("content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            });
        }

        await sse.EventAsync("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await sse.EventAsync("message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = 5 },
        });
        await sse.EventAsync("message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    public static Task AnswerCountTokensAsync(HttpContext context, RecordedRequest request) =>
        FakeLlmServer.WriteJsonAsync(
            context.Response,
            StatusCodes.Status200OK,
            new JsonObject { ["input_tokens"] = Math.Max(1, request.Body.Length / 4) });

    private static JsonObject Message(string id, string model, JsonNode[] content, string? stopReason, int outputTokens) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(content),
        ["stop_reason"] = stopReason,
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = 10,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["output_tokens"] = outputTokens,
        },
    };

    private static JsonObject TextBlock(string text) => new() { ["type"] = "text", ["text"] = text };
}
