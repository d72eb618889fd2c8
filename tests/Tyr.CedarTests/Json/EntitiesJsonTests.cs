using Tyr.Cedar.Entities;
using Tyr.Cedar.Json;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Json;

// The entities JSON format (docs.cedarpolicy.com, "Entities and context syntax"); where the
// documentation is silent the official implementation (cedar-wasm 4.13) decided.
public sealed class EntitiesJsonTests
{
    private static readonly EntityUid s_alice = new("User", "alice");

    [Fact]
    public void The_documented_example_reads_uids_attributes_and_parents()
    {
        var store = EntitiesJson.Parse("""
            [
              {
                "uid": {"type": "User", "id": "alice"},
                "attrs": {
                  "department": "HardwareEngineering",
                  "jobLevel": 5,
                  "manager": {"__entity": {"type": "User", "id": "bob"}},
                  "homeIp": {"__extn": {"fn": "ip", "arg": "222.222.222.7"}},
                  "groups": ["a", "b"]
                },
                "parents": [{"type": "UserGroup", "id": "alice_friends"}, {"type": "UserGroup", "id": "AVTeam"}]
              },
              {
                "uid": {"type": "UserGroup", "id": "AVTeam"},
                "attrs": {},
                "parents": [{"type": "Org", "id": "acme"}]
              }
            ]
            """);

        Assert.Equal(2, store.Count);
        Assert.True(store.TryGet(s_alice, out var alice));
        Assert.Equal(5, Attribute(alice, "jobLevel").AsLong);
        Assert.Equal("HardwareEngineering", Attribute(alice, "department").AsString);
        Assert.Equal(new EntityUid("User", "bob"), Attribute(alice, "manager").AsEntity);
        Assert.Equal("ipaddr", Attribute(alice, "homeIp").AsExtension.TypeName);
        Assert.Equal(2, Attribute(alice, "groups").AsSet.Count);
        Assert.Equal(2, alice.Parents.Count);
        Assert.True(store.IsInOrEqual(s_alice, new EntityUid("UserGroup", "alice_friends")));
        Assert.True(store.IsInOrEqual(s_alice, new EntityUid("Org", "acme")));
        Assert.False(store.IsInOrEqual(new EntityUid("Org", "acme"), s_alice));
    }

    [Fact]
    public void Tags_are_read_and_are_optional()
    {
        var store = EntitiesJson.Parse("""
            [{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [], "tags": {"team": "red", "level": 3}},
             {"uid": {"type": "User", "id": "bob"}, "attrs": {}, "parents": []}]
            """);

        Assert.True(store.TryGet(s_alice, out var alice));
        Assert.True(alice.Tags.TryGet("level", out var level) && level.AsLong == 3);
        Assert.True(store.TryGet(new EntityUid("User", "bob"), out var bob));
        Assert.Equal(0, bob.Tags.Count);
    }

    [Fact]
    public void Uids_and_parents_may_use_the_entity_escape()
    {
        var store = EntitiesJson.Parse("""
            [{"uid": {"__entity": {"type": "User", "id": "alice"}}, "attrs": {}, "parents": [{"__entity": {"type": "G", "id": "g"}}]}]
            """);

        Assert.True(store.IsInOrEqual(s_alice, new EntityUid("G", "g")));
    }

    [Fact]
    public void Ids_are_taken_as_they_are_and_types_may_be_namespaced()
    {
        var store = EntitiesJson.Parse("""[{"uid": {"type": "Tyr::Agent", "id": "a\"b\\c::d"}, "attrs": {}, "parents": []}]""");

        Assert.True(store.TryGet(new EntityUid("Tyr::Agent", "a\"b\\c::d"), out _));
    }

    [Fact]
    public void Plain_type_and_id_objects_in_attributes_stay_records()
    {
        var store = EntitiesJson.Parse("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"o": {"type": "User", "id": "bob"}}, "parents": []}]""");

        Assert.True(store.TryGet(s_alice, out var alice));
        Assert.Equal(ValueKind.Record, Attribute(alice, "o").Kind);
    }

    [Fact]
    public void Unknown_keys_on_an_entity_are_ignored_like_the_official_parser_does()
    {
        var store = EntitiesJson.Parse("""[{"uid": {"type": "User", "id": "alice", "extra": 1}, "attrs": {}, "parents": [], "note": "x"}]""");

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void An_empty_array_is_an_empty_store()
    {
        Assert.Equal(0, EntitiesJson.Parse("[]").Count);
    }

    [Fact]
    public void The_same_entity_listed_twice_counts_once()
    {
        var store = EntitiesJson.Parse("""
            [{"uid": {"type": "User", "id": "alice"}, "attrs": {"x": 1}, "parents": [{"type": "G", "id": "a"}, {"type": "G", "id": "b"}]},
             {"uid": {"type": "User", "id": "alice"}, "attrs": {"x": 1}, "parents": [{"type": "G", "id": "b"}, {"type": "G", "id": "a"}]}]
            """);

        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData("""{"x": 2}""", """[{"type": "G", "id": "a"}]""")]
    [InlineData("""{"x": 1}""", """[]""")]
    public void The_same_uid_with_different_contents_is_refused(string attrs, string parents)
    {
        var json = """[{"uid": {"type": "User", "id": "alice"}, "attrs": {"x": 1}, "parents": [{"type": "G", "id": "a"}]},""" +
                   """{"uid": {"type": "User", "id": "alice"}, "attrs": """ + attrs + """, "parents": """ + parents + "}]";

        var e = Assert.Throws<CedarJsonException>(() => EntitiesJson.Parse(json));

        Assert.Equal("duplicate entity User::\"alice\" with different contents", e.Message);
    }

    [Theory]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "User", "id": "alice"}]}]""")]
    [InlineData("""
        [{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "G", "id": "g"}]},
         {"uid": {"type": "G", "id": "g"}, "attrs": {}, "parents": [{"type": "User", "id": "alice"}]}]
        """)]
    public void A_cycle_in_the_hierarchy_is_refused(string json)
    {
        var e = Assert.Throws<CedarJsonException>(() => EntitiesJson.Parse(json));

        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Contains("\"alice\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 1.5}, "parents": []}]""",
                """entity User::"alice": attrs.age: 1.5 is not a 64-bit integer""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"age": 9223372036854775808}, "parents": []}]""",
                """entity User::"alice": attrs.age: 9223372036854775808 is not a 64-bit integer""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"b": {"c": [1, {"d": null}]}}, "parents": []}]""",
                """entity User::"alice": attrs.b.c[1].d: found a null; JSON nulls are not allowed in Cedar""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [], "tags": {"t": 1e3}}]""",
                """entity User::"alice": tags.t: 1e3 is not a 64-bit integer""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "parents": []}]""",
                """entity User::"alice": missing "attrs" (use {} for none)""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}}]""",
                """entity User::"alice": missing "parents" (use [] for none)""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": null, "parents": []}]""",
                """entity User::"alice": attrs: expected an object, got null""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": [], "parents": []}]""",
                """entity User::"alice": attrs: expected an object, got an array""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": {}}]""",
                """entity User::"alice": parents: expected an array of entity uids, got an object""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [], "tags": null}]""",
                """entity User::"alice": tags: expected an object, got null""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": ["G::\"g\""]}]""",
                """entity User::"alice": parents[0]: expected an entity uid {"type": ..., "id": ...}, got a string""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": [{"type": "G g", "id": "g"}]}]""",
                """entity User::"alice": parents[0]: "G g" is not a valid entity type: expected identifiers separated by `::`""")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"x": 1, "x": 2}, "parents": []}]""",
                "entity User::\"alice\": attrs: duplicate key \"x\"")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {"a": {"__extn": {"fn": "nope", "arg": "x"}}}, "parents": []}]""",
                """entity User::"alice": attrs.a: extension function `nope` does not exist""")]
    [InlineData("""[{"attrs": {}, "parents": []}]""", "entities[0]: the entity has no \"uid\"")]
    [InlineData("""[{"uid": "User::\"alice\"", "attrs": {}, "parents": []}]""",
                """entities[0].uid: expected an entity uid {"type": ..., "id": ...}, got a string""")]
    [InlineData("""[{"uid": {"type": "User"}, "attrs": {}, "parents": []}]""", "entities[0].uid: the entity uid has no \"id\"")]
    [InlineData("""[{"uid": {"type": "User", "id": 7}, "attrs": {}, "parents": []}]""",
                """entities[0].uid: the entity uid's "id" must be a string, got the number 7""")]
    [InlineData("""[{"uid": {"type": "if", "id": "x"}, "attrs": {}, "parents": []}]""",
                """entities[0].uid: "if" is not a valid entity type: `if` is a reserved identifier""")]
    [InlineData("""[{"uid": {"type": "User", "id": "a"}, "uid": {"type": "User", "id": "b"}, "attrs": {}, "parents": []}]""",
                "entities[0]: duplicate key \"uid\"")]
    [InlineData("""[{"uid": {"type": "User", "id": "alice"}, "attrs": {}, "parents": []}, 1]""",
                """entities[1]: expected an entity object {"uid", "attrs", "parents"}, got the number 1""")]
    [InlineData("""{"uid": {"type": "User", "id": "alice"}}""", "expected a JSON array of entities, got an object")]
    public void Bad_input_is_refused_naming_the_place(string json, string message)
    {
        var e = Assert.Throws<CedarJsonException>(() => EntitiesJson.Parse(json));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Invalid_json_names_the_line_and_column()
    {
        var e = Assert.Throws<CedarJsonException>(() => EntitiesJson.Parse("[\n  {\"uid\": }\n]"));

        Assert.StartsWith("line 2, column 11: invalid JSON: ", e.Message, StringComparison.Ordinal);
    }

    private static Value Attribute(Entity entity, string name) =>
        entity.Attributes.TryGet(name, out var value) ? value : throw new InvalidOperationException("no attribute " + name);
}
