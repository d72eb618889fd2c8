using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Tyr.IntegrationTests.Agents;

/// <summary>
/// Writes a text/event-stream answer one event at a time, flushing after each so the client sees
/// a real stream (the agents' parsers and tyr's capture both deal with events split over reads).
/// </summary>
internal sealed class ServerSentEvents(HttpResponse response)
{
    public async Task StartAsync()
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync();
    }

    /// <summary>An event with a name line (Anthropic and the Responses API name every event).</summary>
    public Task EventAsync(string name, JsonObject data) => WriteAsync($"event: {name}\ndata: {data.ToJsonString()}\n\n");

    /// <summary>A data-only event (Chat Completions chunks, and its final <c>[DONE]</c>).</summary>
    public Task DataAsync(string data) => WriteAsync($"data: {data}\n\n");

    private async Task WriteAsync(string text)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text));
        await response.Body.FlushAsync();
    }
}
