using System.Text.Json;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Json;

/// <summary>
/// An entity uid where one is expected (an entity's uid, its parents, a request's principal):
/// <c>{"type": "User", "id": "alice"}</c> with the id taken as it is, the same inside
/// <c>{"__entity": ...}</c>, or (for requests) Cedar syntax in a string, <c>"User::\"alice\""</c>.
/// </summary>
internal static class EntityUidJson
{
    public static EntityUid Read(JsonElement element, JsonPlace place, bool acceptCedarSyntax)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var inner = Find(element, "__entity", place) ?? element;
            if (inner.ValueKind != JsonValueKind.Object)
            {
                throw place.Error("expected {\"type\": ..., \"id\": ...} in `__entity`, got " + JsonText.Describe(inner));
            }

            var type = RequiredString(inner, "type", place);
            var id = RequiredString(inner, "id", place);
            return ValueJson.NewUid(type, id, place);
        }

        if (element.ValueKind == JsonValueKind.String && acceptCedarSyntax)
        {
            var text = JsonText.GetString(element, place);
            try
            {
                return CedarText.ParseEntityUid(text);
            }
            catch (CedarParseException e)
            {
                throw place.Error(JsonText.Quote(text) + " is not an entity uid: " + e.Detail);
            }
        }

        throw place.Error(
            "expected an entity uid {\"type\": ..., \"id\": ...}" + (acceptCedarSyntax ? " or \"Type::\\\"id\\\"\"" : "") +
            ", got " + JsonText.Describe(element));
    }

    /// <summary>The value of key <paramref name="name"/>, null without it; a repeated key is refused.</summary>
    private static JsonElement? Find(JsonElement obj, string name, JsonPlace place)
    {
        JsonElement? found = null;
        foreach (var property in obj.EnumerateObject())
        {
            if (ValueJson.PropertyName(property, place) == name)
            {
                found = found is null ? property.Value : throw place.Error("duplicate key " + JsonText.Quote(name));
            }
        }

        return found;
    }

    private static string RequiredString(JsonElement uid, string name, JsonPlace place)
    {
        if (Find(uid, name, place) is not { } value)
        {
            throw place.Error("the entity uid has no " + JsonText.Quote(name));
        }

        return value.ValueKind == JsonValueKind.String
            ? JsonText.GetString(value, place)
            : throw place.Error("the entity uid's " + JsonText.Quote(name) + " must be a string, got " + JsonText.Describe(value));
    }
}
