using System.Text.Json;
using Tyr.Cli.Api;

namespace Tyr.Cli.Events;

internal static class EventDecoding
{
    public static EventDto Decode(JsonElement element)
    {
        try
        {
            return element.Deserialize(ApiJson.Context.EventDto) ?? throw new JsonException("null event");
        }
        catch (JsonException e)
        {
            throw new CommandFailedException(ExitCodes.Failure, $"unexpected event from the server ({e.Message})");
        }
    }
}
