using System.Text;
using System.Text.Json;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Json;

namespace Tyr.CedarTests.Json;

public sealed class ResponseJsonTests
{
    [Fact]
    public void An_allow_lists_its_reasons_and_the_errors()
    {
        var response = new AuthorizationResponse(
            Decision.Allow,
            ["policy0", "admins"],
            [new PolicyError("policy2", "type error: expected long, got string")]);

        Assert.Equal(
            """{"decision":"allow","reasons":["policy0","admins"],"errors":[{"policy":"policy2","message":"type error: expected long, got string"}]}""",
            Write(response));
    }

    [Fact]
    public void A_default_deny_has_empty_lists()
    {
        Assert.Equal("""{"decision":"deny","reasons":[],"errors":[]}""", Write(new AuthorizationResponse(Decision.Deny, [], [])));
    }

    [Fact]
    public void Messages_are_escaped_as_json_strings()
    {
        var json = Write(new AuthorizationResponse(Decision.Deny, ["p\"1"], [new PolicyError("p\"1", "`a` \"b\"\n")]));

        using var document = JsonDocument.Parse(json);
        var error = document.RootElement.GetProperty("errors")[0];
        Assert.Equal("p\"1", error.GetProperty("policy").GetString());
        Assert.Equal("`a` \"b\"\n", error.GetProperty("message").GetString());
        Assert.Equal("p\"1", document.RootElement.GetProperty("reasons")[0].GetString());
    }

    private static string Write(AuthorizationResponse response)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ResponseJson.Write(writer, response);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
