using System.Text.Json;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Json;

/// <summary>
/// Authorization requests as JSON:
/// <c>{"principal": "User::\"alice\"", "action": "Action::\"view\"", "resource": "Photo::\"a\"", "context": {...}}</c>.
/// Each uid is Cedar syntax in a string, <c>{"type": ..., "id": ...}</c> (id as it is) or the
/// <c>__entity</c> form; <c>context</c> holds values as in entity attributes and defaults to empty.
/// Unknown keys are refused: a misspelt <c>"contxt"</c> would otherwise judge the request on an empty context.
/// </summary>
public static class RequestJson
{
    /// <summary>One request object. Throws <see cref="CedarJsonException"/> naming the place: <c>context.ip: ...</c>.</summary>
    public static Request Parse(string json) => JsonText.Read(json, static root => Read(root, JsonPlace.Root));

    /// <summary>A JSON array of request objects, in order; errors name the index: <c>requests[3].principal: ...</c>.</summary>
    public static IReadOnlyList<Request> ParseMany(string json) => JsonText.Read(json, ReadMany);

    private static List<Request> ReadMany(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new CedarJsonException("expected a JSON array of requests, got " + JsonText.Describe(root));
        }

        var requests = new List<Request>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            requests.Add(Read(element, JsonPlace.Root.Property("requests").Index(index++)));
        }

        return requests;
    }

    private static Request Read(JsonElement element, JsonPlace place)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw place.Error("expected a request object {\"principal\", \"action\", \"resource\", \"context\"}, got " +
                              JsonText.Describe(element));
        }

        // principal, action, resource, context
        var fields = new JsonElement?[4];
        foreach (var property in element.EnumerateObject())
        {
            var name = ValueJson.PropertyName(property, place);
            var slot = name switch
            {
                "principal" => 0,
                "action" => 1,
                "resource" => 2,
                "context" => 3,
                _ => throw place.Error("unknown key " + JsonText.Quote(name) +
                                       " (a request has \"principal\", \"action\", \"resource\" and \"context\")"),
            };
            if (fields[slot] is not null)
            {
                throw place.Error("duplicate key " + JsonText.Quote(name));
            }

            fields[slot] = property.Value;
        }

        return new Request(
            Uid(fields[0], "principal", place),
            Uid(fields[1], "action", place),
            Uid(fields[2], "resource", place),
            fields[3] is { } context ? Context(context, place.Property("context")) : CedarRecord.Empty);
    }

    private static EntityUid Uid(JsonElement? element, string name, JsonPlace place) =>
        element is { } e
            ? EntityUidJson.Read(e, place.Property(name), acceptCedarSyntax: true)
            : throw place.Error("missing " + JsonText.Quote(name));

    // The context is read as any value and must come out a record, as in the official parser
    // (so {"__entity": ...} as a whole context is an entity, and refused).
    private static CedarRecord Context(JsonElement element, JsonPlace place)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw place.Error("expected an object, got " + JsonText.Describe(element));
        }

        var value = ValueJson.Read(element, place);
        return value.Kind == ValueKind.Record
            ? value.AsRecord
            : throw place.Error("expected a record, got " + value.TypeName);
    }
}
