using System.Text.Json;
using Tyr.Cedar.Authorization;

namespace Tyr.Cedar.Json;

/// <summary>
/// An authorization response as JSON:
/// <c>{"decision": "allow"|"deny", "reasons": [policy ids], "errors": [{"policy": id, "message": "..."}]}</c>.
/// </summary>
public static class ResponseJson
{
    public static void Write(Utf8JsonWriter writer, AuthorizationResponse response)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(response);

        writer.WriteStartObject();
        writer.WriteString("decision", response.Decision == Decision.Allow ? "allow" : "deny");
        writer.WriteStartArray("reasons");
        foreach (var id in response.Reasons)
        {
            writer.WriteStringValue(id);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("errors");
        foreach (var error in response.Errors)
        {
            writer.WriteStartObject();
            writer.WriteString("policy", error.PolicyId);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
