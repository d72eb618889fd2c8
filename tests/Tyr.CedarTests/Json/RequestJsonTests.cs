using Tyr.Cedar.Json;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Json;

public sealed class RequestJsonTests
{
    [Fact]
    public void Uids_in_cedar_syntax_and_a_context()
    {
        var request = RequestJson.Parse("""
            {"principal": "User::\"alice\"", "action": "Action::\"view\"", "resource": "Tyr::Photo::\"a \\\"b\\\"\"",
             "context": {"mfa": true, "age": 30, "ip": {"__extn": {"fn": "ip", "arg": "10.0.0.1"}}}}
            """);

        Assert.Equal(new EntityUid("User", "alice"), request.Principal);
        Assert.Equal(new EntityUid("Action", "view"), request.Action);
        Assert.Equal(new EntityUid("Tyr::Photo", "a \"b\""), request.Resource);
        Assert.True(request.Context.TryGet("mfa", out var mfa) && mfa.AsBool);
        Assert.True(request.Context.TryGet("age", out var age) && age.AsLong == 30);
        Assert.True(request.Context.TryGet("ip", out var ip) && ip.Kind == ValueKind.Extension);
    }

    [Fact]
    public void Uids_as_objects_take_the_id_as_it_is()
    {
        var request = RequestJson.Parse("""
            {"principal": {"type": "User", "id": "a\\\"b"}, "action": {"__entity": {"type": "Action", "id": "view"}},
             "resource": {"type": "Photo", "id": "x::\"y\""}}
            """);

        Assert.Equal(new EntityUid("User", "a\\\"b"), request.Principal);
        Assert.Equal(new EntityUid("Action", "view"), request.Action);
        Assert.Equal(new EntityUid("Photo", "x::\"y\""), request.Resource);
    }

    [Fact]
    public void A_missing_context_is_the_empty_record()
    {
        var request = RequestJson.Parse("""{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\""}""");

        Assert.Equal(0, request.Context.Count);
    }

    [Fact]
    public void Context_values_are_read_like_attributes()
    {
        var request = RequestJson.Parse("""
            {"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\"",
             "context": {"owner": {"__entity": {"type": "User", "id": "a"}}, "n": -9223372036854775808, "s": [1, 1]}}
            """);

        Assert.True(request.Context.TryGet("owner", out var owner) && owner.AsEntity.Equals(request.Principal));
        Assert.True(request.Context.TryGet("n", out var n) && n.AsLong == long.MinValue);
        Assert.True(request.Context.TryGet("s", out var s) && s.AsSet.Count == 1);
    }

    [Fact]
    public void Many_requests_keep_their_order()
    {
        var requests = RequestJson.ParseMany("""
            [{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"1\""},
             {"principal": "User::\"b\"", "action": "Action::\"v\"", "resource": "Photo::\"2\""},
             {"principal": "User::\"c\"", "action": "Action::\"v\"", "resource": "Photo::\"3\""}]
            """);

        Assert.Equal(["a", "b", "c"], requests.Select(r => r.Principal.Id));
        Assert.Equal(["1", "2", "3"], requests.Select(r => r.Resource.Id));
        Assert.Empty(RequestJson.ParseMany("[]"));
    }

    [Theory]
    [InlineData("""{"action": "Action::\"v\"", "resource": "Photo::\"p\""}""", "missing \"principal\"")]
    [InlineData("""{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\"", "contxt": {}}""",
                """unknown key "contxt" (a request has "principal", "action", "resource" and "context")""")]
    [InlineData("""{"principal": "User::\"a\"", "principal": "User::\"b\"", "action": "Action::\"v\"", "resource": "Photo::\"p\""}""",
                "duplicate key \"principal\"")]
    [InlineData("""{"principal": 1, "action": "Action::\"v\"", "resource": "Photo::\"p\""}""",
                """principal: expected an entity uid {"type": ..., "id": ...} or "Type::\"id\"", got the number 1""")]
    [InlineData("""{"principal": {"type": "User id", "id": "a"}, "action": "Action::\"v\"", "resource": "Photo::\"p\""}""",
                """principal: "User id" is not a valid entity type: expected identifiers separated by `::`""")]
    [InlineData("""{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\"", "context": []}""",
                "context: expected an object, got an array")]
    [InlineData("""{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\"", "context": {"__entity": {"type": "User", "id": "a"}}}""",
                "context: expected a record, got (entity of type `User`)")]
    [InlineData("""{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"p\"", "context": {"t": 1.5}}""",
                "context.t: 1.5 is not a 64-bit integer")]
    [InlineData("[]", "expected a request object {\"principal\", \"action\", \"resource\", \"context\"}, got an array")]
    public void Bad_requests_are_refused_naming_the_place(string json, string message)
    {
        var e = Assert.Throws<CedarJsonException>(() => RequestJson.Parse(json));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_uid_string_that_is_not_cedar_syntax_is_refused()
    {
        var e = Assert.Throws<CedarJsonException>(() =>
            RequestJson.Parse("""{"principal": "alice", "action": "Action::\"v\"", "resource": "Photo::\"p\""}"""));

        Assert.StartsWith("principal: \"alice\" is not an entity uid: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_in_many_requests_name_the_index()
    {
        var e = Assert.Throws<CedarJsonException>(() => RequestJson.ParseMany("""
            [{"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"1\""},
             {"principal": "User::\"a\"", "action": "Action::\"v\"", "resource": "Photo::\"1\"", "context": {"x": [null]}}]
            """));

        Assert.Equal("requests[1].context.x[0]: found a null; JSON nulls are not allowed in Cedar", e.Message);
        Assert.Equal("requests[0]: missing \"resource\"",
            Assert.Throws<CedarJsonException>(() => RequestJson.ParseMany("""[{"principal": "User::\"a\"", "action": "Action::\"v\""}]""")).Message);
        Assert.Equal("expected a JSON array of requests, got an object",
            Assert.Throws<CedarJsonException>(() => RequestJson.ParseMany("{}")).Message);
    }
}
