using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tyr.Server.Rest;

/// <summary>
/// The options every REST payload is written with. The relaxed encoder keeps quotes and '&lt;' in
/// error messages readable ("'x' is not a UUID" rather than "\u0027x\u0027 ..."); that is safe
/// because these bodies are served as application/json, never embedded in HTML.
/// </summary>
internal static class RestJson
{
    public static RestJsonContext Context { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
