using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// A value the generator made, printable both as a Cedar literal (in policy text) and as Cedar's
/// JSON value format (in entities and contexts), so the same value can meet itself on both sides.
/// </summary>
internal abstract class GenValue
{
    public abstract void WriteJson(Utf8JsonWriter writer);

    /// <summary>The value as a Cedar expression; <paramref name="rng"/> varies the spelling (escapes).</summary>
    public abstract string ToCedar(Random rng);
}

internal sealed class BoolValue(bool value) : GenValue
{
    public override void WriteJson(Utf8JsonWriter writer) => writer.WriteBooleanValue(value);

    public override string ToCedar(Random rng) => value ? "true" : "false";
}

internal sealed class LongValue(long value) : GenValue
{
    /// <summary>JavaScript numbers (the oracle runs in Node) are exact only up to 2^53.</summary>
    public const long JsonLimit = 1L << 53;

    public long Value => value;

    public override void WriteJson(Utf8JsonWriter writer)
    {
        if (value is > JsonLimit or < -JsonLimit)
        {
            throw new InvalidOperationException($"{value} is beyond what the oracle can read exactly from JSON");
        }

        writer.WriteNumberValue(value);
    }

    public override string ToCedar(Random rng)
    {
        if (value == long.MinValue)
        {
            return rng.Next(2) == 0 ? "-9223372036854775808" : "- 9223372036854775808";
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }
}

internal sealed class StringValue(string value) : GenValue
{
    public string Value => value;

    public override void WriteJson(Utf8JsonWriter writer) => writer.WriteStringValue(value);

    public override string ToCedar(Random rng) => CedarSyntax.Quote(value, rng);
}

internal sealed class EntityValue(string type, string id) : GenValue
{
    public string Type => type;

    public string Id => id;

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("__entity");
        WriteUid(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The bare <c>{"type", "id"}</c> form of requests and entity uids.</summary>
    public void WriteUid(Utf8JsonWriter writer)
    {
        writer.WriteString("type", type);
        writer.WriteString("id", id);
    }

    public override string ToCedar(Random rng) => type + "::" + CedarSyntax.Quote(id, rng);
}

internal sealed class SetValue(IReadOnlyList<GenValue> items) : GenValue
{
    public IReadOnlyList<GenValue> Items => items;

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteJson(writer);
        }

        writer.WriteEndArray();
    }

    public override string ToCedar(Random rng)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < items.Count; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append(items[i].ToCedar(rng));
        }

        return sb.Append(']').ToString();
    }
}

internal sealed class RecordValue(IReadOnlyList<KeyValuePair<string, GenValue>> fields) : GenValue
{
    public IReadOnlyList<KeyValuePair<string, GenValue>> Fields => fields;

    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in fields)
        {
            writer.WritePropertyName(name);
            value.WriteJson(writer);
        }

        writer.WriteEndObject();
    }

    public override string ToCedar(Random rng)
    {
        var sb = new StringBuilder("{");
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, value) = fields[i];
            var key = CedarSyntax.IsIdentifier(name) && rng.Next(3) > 0 ? name : CedarSyntax.Quote(name, rng);
            sb.Append(i == 0 ? "" : ", ").Append(key).Append(": ").Append(value.ToCedar(rng));
        }

        return sb.Append('}').ToString();
    }
}

/// <summary>An extension value: <c>ip("...")</c>, <c>decimal("...")</c>, <c>datetime("...")</c>, <c>duration("...")</c>.</summary>
internal sealed class ExtensionValue(string function, string argument) : GenValue
{
    public override void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("__extn");
        writer.WriteString("fn", function);
        writer.WriteString("arg", argument);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public override string ToCedar(Random rng) => function + "(" + CedarSyntax.Quote(argument, rng) + ")";
}
