using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Syntax;

public sealed class EntityUidParserTests
{
    [Theory]
    [InlineData("User::\"alice\"", "User", "alice")]
    [InlineData("A::B::\"x y\"", "A::B", "x y")]
    [InlineData("  Tyr :: Agent :: \"a\\\"b\\u{e9}\"  ", "Tyr::Agent", "a\"b\u00e9")]
    [InlineData("Action::\"\"", "Action", "")]
    [InlineData("permit::principal::\"p\"", "permit::principal", "p")]
    [InlineData("User::\"alice\" // who", "User", "alice")]
    public void Entity_uids_parse_to_type_and_unescaped_id(string text, string type, string id) =>
        Assert.Equal(new EntityUid(type, id), CedarText.ParseEntityUid(text));

    [Theory]
    [InlineData("User", 1, 5, "expected `::` and the id string of an entity uid, found the end of the input")]
    [InlineData("User::", 1, 7, "expected the id string of an entity uid, found the end of the input")]
    [InlineData("User::alice", 1, 12, "expected `::` and the id string of an entity uid, found the end of the input")]
    [InlineData("User::\"a\" x", 1, 11, "expected the end of the entity uid, found `x`")]
    [InlineData("\"a\"", 1, 1, "expected an entity uid such as `User::\"alice\"`, found `\"a\"`")]
    [InlineData("", 1, 1, "expected an entity uid such as `User::\"alice\"`, found the end of the input")]
    [InlineData("if::\"a\"", 1, 1, "this identifier is reserved and cannot be used: if")]
    [InlineData("A::__cedar::\"x\"", 1, 1, "The name `A::__cedar` contains `__cedar`, which is reserved")]
    [InlineData("User::\"\\q\"", 1, 7, "the input `\\q` is not a valid escape")]
    [InlineData("User::\"a\"::\"b\"", 1, 10, "expected the end of the entity uid, found `::`")]
    public void Anything_else_is_refused(string text, int line, int column, string message)
    {
        var error = Assert.Throws<CedarParseException>(() => CedarText.ParseEntityUid(text));
        Assert.Equal(message, error.Detail);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
