using System.Text.Json;
using Tyr.Cedar.Authorization;

namespace Tyr.Cedar.Json;

/// <summary>Writes <c>{"decision": ..., "reasons": [...], "errors": [...]}</c> (STUB: being written).</summary>
public static class ResponseJson
{
    public static void Write(Utf8JsonWriter writer, AuthorizationResponse response) => throw new NotImplementedException();
}
