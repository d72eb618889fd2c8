using Tyr.Cedar.Json;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Json;

// Cedar values in JSON without a schema (docs.cedarpolicy.com, "Entities and context syntax");
// the corner cases were settled against the official implementation (cedar-wasm 4.13).
public sealed class ValueJsonTests
{
    [Fact]
    public void Booleans_and_strings_are_themselves()
    {
        Assert.Equal(Value.True, ValueJson.Parse("true"));
        Assert.Equal(Value.False, ValueJson.Parse("false"));
        Assert.Equal("a\"b\\c\né😀", ValueJson.Parse("\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"").AsString);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("42", 42L)]
    [InlineData("-17", -17L)]
    [InlineData("9007199254740993", 9007199254740993L)] // 2^53 + 1: a double would round it
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers_are_read_exactly_as_64_bit(string json, long expected)
    {
        var value = ValueJson.Parse(json);

        Assert.Equal(ValueKind.Long, value.Kind);
        Assert.Equal(expected, value.AsLong);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("1.0")]
    [InlineData("-0")] // serde_json reads it as the float -0.0
    [InlineData("1e3")]
    [InlineData("10E2")]
    [InlineData("-2.5e-1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("123456789012345678901234567890")]
    public void Anything_but_a_64_bit_integer_is_refused(string json)
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse(json));

        Assert.Equal(json + " is not a 64-bit integer", e.Message);
    }

    [Fact]
    public void An_array_is_a_set_without_duplicates()
    {
        var value = ValueJson.Parse("[1, 1, 2, \"x\", [true]]");

        Assert.Equal(ValueKind.Set, value.Kind);
        Assert.Equal(4, value.AsSet.Count);
        Assert.True(value.AsSet.Contains(Value.Long(2)));
        Assert.True(value.AsSet.Contains(Value.String("x")));
        Assert.True(value.AsSet.Contains(Value.Set(CedarSet.From([Value.True]))));
        Assert.Equal(ValueJson.Parse("[2, \"x\", 1, [true]]"), value);
    }

    [Fact]
    public void An_object_is_a_record()
    {
        var value = ValueJson.Parse("""{"name": "alice", "age": 30, "tags": ["a"], "nested": {"ok": true}}""");

        Assert.Equal(ValueKind.Record, value.Kind);
        var record = value.AsRecord;
        Assert.Equal(4, record.Count);
        Assert.True(record.TryGet("age", out var age) && age.AsLong == 30);
        Assert.True(record.TryGet("nested", out var nested) && nested.AsRecord.TryGet("ok", out var ok) && ok.AsBool);
        Assert.Equal(CedarRecord.Empty, ValueJson.Parse("{}").AsRecord);
    }

    [Fact]
    public void A_plain_type_and_id_object_is_a_record_not_an_entity()
    {
        var value = ValueJson.Parse("""{"type": "User", "id": "bob"}""");

        Assert.Equal(ValueKind.Record, value.Kind);
        Assert.True(value.AsRecord.TryGet("id", out var id) && id.AsString == "bob");
    }

    [Fact]
    public void The_entity_escape_is_an_entity_reference()
    {
        Assert.Equal(Value.Entity(new EntityUid("User", "bob")), ValueJson.Parse("""{"__entity": {"type": "User", "id": "bob"}}"""));
        Assert.Equal(Value.Entity(new EntityUid("A::B", "a\"b")), ValueJson.Parse("""{"__entity": {"type": "A::B", "id": "a\"b"}}"""));
        // Extra keys inside the escape are ignored, as the official parser does.
        Assert.Equal(Value.Entity(new EntityUid("User", "bob")), ValueJson.Parse("""{"__entity": {"type": "User", "id": "bob", "x": 2}}"""));
    }

    [Theory]
    [InlineData("""{"__entity": {"type": "User", "id": "bob"}, "x": 1}""")]
    [InlineData("""{"__entity": "str"}""")]
    [InlineData("""{"__entity": {"type": "User"}}""")]
    [InlineData("""{"__entity": {"type": "User", "id": 1}}""")]
    [InlineData("""{"__extn": {"fn": "ip"}}""")]
    [InlineData("""{"__extn": {"fn": 1, "arg": "1.2.3.4"}}""")]
    [InlineData("""{"__extn": {"fn": "ip", "args": "1.2.3.4"}}""")]
    [InlineData("""{"__extn": {"fn": "ip", "arg": "1.2.3.4"}, "x": 1}""")]
    [InlineData("""{"__expr": 1}""")]
    public void An_escape_whose_shape_does_not_fit_is_an_ordinary_record(string json)
    {
        Assert.Equal(ValueKind.Record, ValueJson.Parse(json).Kind);
    }

    [Theory]
    [InlineData("User id", "\"User id\" is not a valid entity type: expected identifiers separated by `::`")]
    [InlineData("A :: B", "\"A :: B\" is not a valid entity type: expected identifiers separated by `::`")]
    [InlineData("", "the entity type is empty")]
    [InlineData("A::", "\"A::\" is not a valid entity type: expected identifiers separated by `::`")]
    [InlineData("1x", "\"1x\" is not a valid entity type: expected identifiers separated by `::`")]
    [InlineData("in", "\"in\" is not a valid entity type: `in` is a reserved identifier")]
    [InlineData("A::if", "\"A::if\" is not a valid entity type: `if` is a reserved identifier")]
    [InlineData("__cedar::X", "\"__cedar::X\" is not a valid entity type: `__cedar` is reserved")]
    public void An_entity_escape_with_an_invalid_type_is_refused(string type, string message)
    {
        var json = "{\"a\": {\"__entity\": {\"type\": \"" + type + "\", \"id\": \"x\"}}}";

        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse(json));

        Assert.Equal("a: " + message, e.Message);
    }

    [Theory]
    [InlineData("principal")]
    [InlineData("permit")]
    [InlineData("_x")]
    [InlineData("__cedarX")]
    [InlineData("A::B::C")]
    public void Names_the_official_parser_accepts_are_accepted(string type)
    {
        var value = ValueJson.Parse("{\"__entity\": {\"type\": \"" + type + "\", \"id\": \"x\"}}");

        Assert.Equal(type, value.AsEntity.Type);
    }

    [Fact]
    public void The_extension_escape_calls_the_constructor()
    {
        var value = ValueJson.Parse("""{"__extn": {"fn": "ip", "arg": "10.0.0.1"}}""");

        Assert.Equal(ValueKind.Extension, value.Kind);
        Assert.Equal("ipaddr", value.AsExtension.TypeName);
        Assert.Equal("10.0.0.1", value.AsExtension.ToCanonicalString());
        Assert.Equal(ValueJson.Parse("""{"__extn": {"fn": "decimal", "arg": "1.50"}}"""),
                     ValueJson.Parse("""{"__extn": {"fn": "decimal", "arg": "1.5"}}"""));
    }

    [Fact]
    public void The_multi_argument_form_calls_a_method_with_its_receiver_first()
    {
        var offset = ValueJson.Parse("""
            {"__extn": {"fn": "offset", "args": [
                {"__extn": {"fn": "datetime", "arg": "2024-01-01"}},
                {"__extn": {"fn": "duration", "arg": "1h"}}]}}
            """);

        Assert.Equal(ValueJson.Parse("""{"__extn": {"fn": "datetime", "arg": "2024-01-01T01:00:00Z"}}"""), offset);
        Assert.Equal(Value.True, ValueJson.Parse("""
            {"__extn": {"fn": "lessThan", "args": [
                {"__extn": {"fn": "decimal", "arg": "1.5"}}, {"__extn": {"fn": "decimal", "arg": "2.5"}}]}}
            """));
        Assert.Equal(Value.True, ValueJson.Parse("""{"__extn": {"fn": "isIpv4", "arg": {"__extn": {"fn": "ip", "arg": "1.2.3.4"}}}}"""));
        Assert.Equal(ValueJson.Parse("""{"__extn": {"fn": "ip", "arg": "1.2.3.4"}}"""),
                     ValueJson.Parse("""{"__extn": {"fn": "ip", "args": ["1.2.3.4"]}}"""));
    }

    [Fact]
    public void With_both_arg_and_args_the_single_arg_wins()
    {
        Assert.Equal(ValueJson.Parse("""{"__extn": {"fn": "ip", "arg": "1.2.3.5"}}"""),
                     ValueJson.Parse("""{"__extn": {"fn": "ip", "args": ["1.2.3.4"], "arg": "1.2.3.5"}}"""));
    }

    [Fact]
    public void An_unknown_extension_function_is_refused()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"a": {"__extn": {"fn": "nope", "arg": "x"}}}"""));

        Assert.Equal("a: extension function `nope` does not exist", e.Message);
    }

    [Theory]
    [InlineData("""{"fn": "ip", "arg": "bad"}""")]
    [InlineData("""{"fn": "ip", "arg": 1}""")]
    [InlineData("""{"fn": "ip", "args": []}""")]
    [InlineData("""{"fn": "offset", "args": [{"__extn": {"fn": "datetime", "arg": "2024-01-01"}}]}""")]
    [InlineData("""{"fn": "datetime", "arg": "2024-13-01"}""")]
    [InlineData("""{"fn": "toDate", "args": []}""")]
    public void A_failing_extension_call_is_refused_at_its_place(string escape)
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("{\"when\": {\"__extn\": " + escape + "}}"));

        Assert.StartsWith("when: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_expr_escape_is_refused()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"x": {"__expr": "1 + 1"}}"""));

        Assert.Equal("x: the `__expr` escape is no longer supported", e.Message);
    }

    [Fact]
    public void Null_is_refused_with_its_path()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"a": {"b": [1, {"c": null}]}}"""));

        Assert.Equal("a.b[1].c: found a null; JSON nulls are not allowed in Cedar", e.Message);
    }

    [Fact]
    public void A_key_that_is_not_a_plain_name_is_quoted_in_the_path()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"a b": {"1": 2.5}}"""));

        Assert.Equal("[\"a b\"][\"1\"]: 2.5 is not a 64-bit integer", e.Message);
    }

    [Fact]
    public void Duplicate_keys_are_refused()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"r": {"x": 1, "x": 1}}"""));

        Assert.Equal("r: duplicate key \"x\"", e.Message);
    }

    [Theory]
    [InlineData("""{"r": {"__entity": {"type": "User", "type": "Group", "id": "a"}}}""")]
    [InlineData("""{"r": {"__extn": {"fn": "ip", "arg": "1.2.3.4", "arg": "1.2.3.5"}}}""")]
    public void An_escape_with_a_repeated_key_is_refused_as_a_duplicate(string json)
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse(json));

        Assert.Contains(": duplicate key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused()
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"s": "\ud800"}"""));

        Assert.StartsWith("s: the string is not valid Unicode", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("r: a key is not valid Unicode",
            Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"r": {"\udc00": 1}}""")).Message, StringComparison.Ordinal);
        Assert.StartsWith("r.__entity: a key is not valid Unicode",
            Assert.Throws<CedarJsonException>(() => ValueJson.Parse("""{"r": {"__entity": {"type": "User", "id": "a", "\udc00": 1}}}""")).Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\": 1,}", "line 1, column 9: invalid JSON")]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", "line 3, column 3: invalid JSON")]
    [InlineData("{\"é\": x}", "line 1, column 7: invalid JSON")]
    [InlineData("// comment\n1", "line 1, column 1: invalid JSON")]
    public void Invalid_json_is_refused_with_line_and_column(string json, string start)
    {
        var e = Assert.Throws<CedarJsonException>(() => ValueJson.Parse(json));

        Assert.StartsWith(start, e.Message, StringComparison.Ordinal);
    }
}
