using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Just enough of OpenAI's APIs for codex (Responses API) and Chat Completions clients to finish a
/// turn, streamed as the real service streams them or answered as one JSON object.
/// </summary>
internal static class OpenAiApi
{
    /// <summary>
    /// <c>POST /v1/responses</c>. The stream carries every event of a one-message answer, in the
    /// order the real API sends them; codex needs at least output_item.done and response.completed.
    /// </summary>
    public static async Task AnswerResponsesAsync(HttpContext context, RecordedRequest request, string replyText)
    {
        var model = request.Model ?? "gpt-fake";
        var responseId = "resp_tyrfake" + Guid.NewGuid().ToString("N")[..16];
        var itemId = "msg_tyrfake" + Guid.NewGuid().ToString("N")[..16];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        context.Response.Headers["x-request-id"] = "req_tyrfake" + Guid.NewGuid().ToString("N")[..16];
        if (!request.WantsStream)
        {
            await FakeLlmServer.WriteJsonAsync(
                context.Response,
                StatusCodes.Status200OK,
                Response(responseId, model, created, "completed", [MessageItem(itemId, "completed", replyText)], withUsage: true));
            return;
        }

        var sse = new ServerSentEvents(context.Response);
        await sse.StartAsync();
        var sequence = 0;
        Task Send(string type, JsonObject data)
        {
            // Type first, as the real API writes it: some parsers peek at the start of the line.
            data.Insert(0, "type", type);
            data.Insert(1, "sequence_number", sequence++);
            return sse.EventAsync(type, data);
        }

        await Send("response.created", new JsonObject { ["response"] = Response(responseId, model, created, "in_progress", [], withUsage: false) });
        await Send("response.in_progress", new JsonObject { ["response"] = Response(responseId, model, created, "in_progress", [], withUsage: false) });
        await Send("response.output_item.added", new JsonObject { ["output_index"] = 0, ["item"] = MessageItem(itemId, "in_progress", null) });
        await Send("response.content_part.added", new JsonObject
        {
            ["item_id"] = itemId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["part"] = OutputText(""),
        });
        var half = replyText.Length / 2;
        foreach (var piece in new[] { replyText[..half], replyText[half..] })
        {
            await Send("response.output_text.delta", new JsonObject
            {
                ["item_id"] = itemId,
                ["output_index"] = 0,
                ["content_index"] = 0,
                ["delta"] = piece,
                ["logprobs"] = new JsonArray(),
            });
        }

        await Send("response.output_text.done", new JsonObject
        {
            ["item_id"] = itemId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["text"] = replyText,
            ["logprobs"] = new JsonArray(),
        });
        await Send("response.content_part.done", new JsonObject
        {
            ["item_id"] = itemId,
            ["output_index"] = 0,
            ["content_index"] = 0,
            ["part"] = OutputText(replyText),
        });
        await Send("response.output_item.done", new JsonObject { ["output_index"] = 0, ["item"] = MessageItem(itemId, "completed", replyText) });
        await Send("response.completed", new JsonObject
        {
            ["response"] = Response(responseId, model, created, "completed", [MessageItem(itemId, "completed", replyText)], withUsage: true),
        });
    }

    /// <summary><c>POST /v1/chat/completions</c>: chunks ending in <c>data: [DONE]</c>, or one completion.</summary>
    public static async Task AnswerChatCompletionsAsync(HttpContext context, RecordedRequest request, string replyText)
    {
        var model = request.Model ?? "gpt-fake";
        var id = "chatcmpl-tyrfake" + Guid.NewGuid().ToString("N")[..16];
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!request.WantsStream)
        {
            await FakeLlmServer.WriteJsonAsync(context.Response, StatusCodes.Status200OK, new JsonObject
            {
                ["id"] = id,
                ["object"] = "chat.completion",
                ["created"] = created,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = replyText },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = ChatUsage(),
            });
            return;
        }

        var sse = new ServerSentEvents(context.Response);
        await sse.StartAsync();
        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };

        await sse.DataAsync(Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ToJsonString());
        var half = replyText.Length / 2;
        foreach (var piece in new[] { replyText[..half], replyText[half..] })
        {
            await sse.DataAsync(Chunk(new JsonObject { ["content"] = piece }, null).ToJsonString());
        }

        await sse.DataAsync(Chunk(new JsonObject(), "stop").ToJsonString());
        var usage = Chunk(new JsonObject(), null);
        usage["choices"] = new JsonArray();
        usage["usage"] = ChatUsage();
        await sse.DataAsync(usage.ToJsonString());
        await sse.DataAsync("[DONE]");
    }

    /// <summary><c>GET /v1/models</c>: one model, in both OpenAI's list shape and codex's own <c>models</c> shape.</summary>
    public static Task AnswerModelsAsync(HttpContext context, string modelId) =>
        FakeLlmServer.WriteJsonAsync(context.Response, StatusCodes.Status200OK, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = modelId,
                ["object"] = "model",
                ["type"] = "model",
                ["display_name"] = modelId,
                ["created"] = 1_700_000_000,
                ["created_at"] = "2025-01-01T00:00:00Z",
                ["owned_by"] = "tyr-fake",
            }),
            ["has_more"] = false,
            ["first_id"] = modelId,
            ["last_id"] = modelId,
        });

    private static JsonObject Response(string id, string model, long created, string status, JsonNode[] output, bool withUsage) => new()
    {
        ["id"] = id,
        ["object"] = "response",
        ["created_at"] = created,
        ["status"] = status,
        ["error"] = null,
        ["incomplete_details"] = null,
        ["model"] = model,
        ["output"] = new JsonArray(output),
        ["parallel_tool_calls"] = true,
        ["tool_choice"] = "auto",
        ["tools"] = new JsonArray(),
        ["usage"] = withUsage
            ? new JsonObject
            {
                ["input_tokens"] = 10,
                ["input_tokens_details"] = new JsonObject { ["cached_tokens"] = 0 },
                ["output_tokens"] = 5,
                ["output_tokens_details"] = new JsonObject { ["reasoning_tokens"] = 0 },
                ["total_tokens"] = 15,
            }
            : null,
    };

    private static JsonObject MessageItem(string id, string status, string? text) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["status"] = status,
        ["role"] = "assistant",
        ["content"] = text is null ? new JsonArray() : new JsonArray(OutputText(text)),
    };

    private static JsonObject OutputText(string text) => new()
    {
        ["type"] = "output_text",
        ["text"] = text,
        ["annotations"] = new JsonArray(),
    };

    private static JsonObject ChatUsage() => new()
    {
        ["prompt_tokens"] = 10,
        ["completion_tokens"] = 5,
        ["total_tokens"] = 15,
    };
}
