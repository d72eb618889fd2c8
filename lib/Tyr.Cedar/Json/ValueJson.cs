using System.Globalization;
using System.Text.Json;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Extensions;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Json;

/// <summary>
/// Cedar values in JSON, as entity attributes, tags and context use them (without a schema):
/// booleans, 64-bit integers, strings, arrays as sets, objects as records, and the escapes
/// <c>{"__entity": {"type", "id"}}</c> and <c>{"__extn": {"fn", "arg"}}</c> or
/// <c>{"__extn": {"fn", "args": [...]}}</c>.
/// </summary>
public static class ValueJson
{
    /// <summary>Parses one value. Throws <see cref="CedarJsonException"/> naming the place of a bad part.</summary>
    public static Value Parse(string json) => JsonText.Read(json, static root => Read(root, JsonPlace.Root));

    internal static Value Read(JsonElement element, JsonPlace place) => element.ValueKind switch
    {
        JsonValueKind.True => Value.True,
        JsonValueKind.False => Value.False,
        JsonValueKind.Number => Value.Long(ReadLong(element, place)),
        JsonValueKind.String => Value.String(JsonText.GetString(element, place)),
        JsonValueKind.Array => Value.Set(ReadSet(element, place)),
        JsonValueKind.Object => ReadObject(element, place),
        _ => throw place.Error("found a null; JSON nulls are not allowed in Cedar"),
    };

    /// <summary>
    /// A JSON object as attribute names to values, with no escape at this level: the shape of
    /// <c>attrs</c>, <c>tags</c> and a record.
    /// </summary>
    internal static CedarRecord ReadRecord(JsonElement element, JsonPlace place)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw place.Error("expected an object, got " + JsonText.Describe(element));
        }

        var attributes = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var name = PropertyName(property, place);
            if (attributes.ContainsKey(name))
            {
                throw place.Error("duplicate key " + JsonText.Quote(name));
            }

            attributes.Add(name, Read(property.Value, place.Property(name)));
        }

        return attributes.Count == 0 ? CedarRecord.Empty : new CedarRecord(attributes);
    }

    internal static string PropertyName(JsonProperty property, JsonPlace place)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw place.Error("a key is not valid Unicode (a lone surrogate escape)");
        }
    }

    /// <summary>
    /// Reads the integer from the token's own text, never through a double: 1.5, 1e3 and anything
    /// beyond the 64-bit range are refused rather than rounded. So is <c>-0</c>, which the official
    /// parser (serde_json) reads as the float -0.0.
    /// </summary>
    private static long ReadLong(JsonElement element, JsonPlace place)
    {
        var text = element.GetRawText();
        if (text != "-0" && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw place.Error(text + " is not a 64-bit integer");
    }

    private static CedarSet ReadSet(JsonElement element, JsonPlace place)
    {
        var items = new List<Value>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            items.Add(Read(item, place.Index(index++)));
        }

        return CedarSet.From(items);
    }

    // The official parser tries each form in turn: a single-key object is an escape only when its
    // contents fit the escape; otherwise it is an ordinary record (so {"__entity": "x"} is a record).
    private static Value ReadObject(JsonElement element, JsonPlace place)
    {
        var count = 0;
        JsonProperty only = default;
        foreach (var property in element.EnumerateObject())
        {
            only = property;
            if (++count > 1)
            {
                break;
            }
        }

        if (count == 1)
        {
            var name = PropertyName(only, place);
            var contents = only.Value;
            if (name == "__expr" && contents.ValueKind == JsonValueKind.String)
            {
                throw place.Error("the `__expr` escape is no longer supported");
            }

            if (name == "__entity" && TryTypeAndId(contents, out var type, out var id))
            {
                return Value.Entity(NewUid(type, id, place));
            }

            if (name == "__extn" && TryExtensionCall(contents, place, out var extension))
            {
                return extension;
            }
        }

        return Value.Record(ReadRecord(element, place));
    }

    /// <summary>An entity uid from its type and id; the type must be a valid name.</summary>
    internal static EntityUid NewUid(string type, string id, JsonPlace place)
    {
        var problem = EntityTypeName.Check(type);
        return problem is null ? new EntityUid(type, id) : throw place.Error(problem);
    }

    private static bool TryTypeAndId(JsonElement element, out string type, out string id)
    {
        type = id = "";
        return element.ValueKind == JsonValueKind.Object && !HasDuplicateKeys(element) &&
               TryGetString(element, "type", out type) &&
               TryGetString(element, "id", out id);
    }

    // An escape with a repeated key does not fit it (the official parser refuses a repeated field),
    // so the object falls to being a record, where the repetition is reported.
    private static bool HasDuplicateKeys(JsonElement element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    return true;
                }
            }
        }
        catch (InvalidOperationException)
        {
            return true; // a key that is not Unicode: the record reader reports it
        }

        return false;
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        value = "";
        if (!element.TryGetProperty(name, out var property) || property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        try
        {
            value = property.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    // {"fn": name, "arg": value} or {"fn": name, "args": [values]}: one argument is the common
    // form; methods (toDate, offset, lessThan...) take their receiver as the first argument.
    private static bool TryExtensionCall(JsonElement escape, JsonPlace place, out Value result)
    {
        result = default;
        if (escape.ValueKind != JsonValueKind.Object || HasDuplicateKeys(escape) || !TryGetString(escape, "fn", out var name))
        {
            return false;
        }

        var escapePlace = place.Property("__extn");
        Value[] arguments;
        if (escape.TryGetProperty("arg", out var arg))
        {
            arguments = [Read(arg, escapePlace.Property("arg"))];
        }
        else if (escape.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Array)
        {
            arguments = new Value[args.GetArrayLength()];
            var argsPlace = escapePlace.Property("args");
            var i = 0;
            foreach (var item in args.EnumerateArray())
            {
                arguments[i] = Read(item, argsPlace.Index(i));
                i++;
            }
        }
        else
        {
            return false;
        }

        result = CallExtension(name, arguments, place);
        return true;
    }

    private static Value CallExtension(string name, Value[] arguments, JsonPlace place)
    {
        try
        {
            return ExtensionFunctions.Call(name, arguments);
        }
        catch (EvaluationException e)
        {
            throw place.Error(e.Message);
        }
    }
}
