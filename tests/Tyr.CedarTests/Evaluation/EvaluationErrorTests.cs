using static Tyr.CedarTests.Evaluation.TestWorld;

namespace Tyr.CedarTests.Evaluation;

/// <summary>
/// The errors evaluation raises, against <see cref="TestWorld"/>; each message is the official
/// implementation's for the same expression.
/// </summary>
public sealed class EvaluationErrorTests
{
    [Theory]
    [InlineData("1 && true", "type error: expected bool, got long")]
    [InlineData("true && 1", "type error: expected bool, got long")]
    [InlineData("false || 1", "type error: expected bool, got long")]
    [InlineData("\"a\" || true", "type error: expected bool, got string")]
    [InlineData("!1", "type error: expected bool, got long")]
    [InlineData("!(1 + \"a\")", "type error: expected long, got string")]
    [InlineData("if 1 then 2 else 3", "type error: expected bool, got long")]
    [InlineData("if principal then 2 else 3", "type error: expected bool, got (entity of type `User`)")]
    public void Logic(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("9223372036854775807 + 5", "integer overflow while attempting to add the values `9223372036854775807` and `5`")]
    [InlineData("-9223372036854775807 - 5", "integer overflow while attempting to subtract the values `-9223372036854775807` and `5`")]
    [InlineData("0 - -9223372036854775808", "integer overflow while attempting to subtract the values `0` and `-9223372036854775808`")]
    [InlineData("9223372036854775807 * 2", "integer overflow while attempting to multiply the values `9223372036854775807` and `2`")]
    [InlineData("-9223372036854775808 * -1", "integer overflow while attempting to multiply the values `-9223372036854775808` and `-1`")]
    [InlineData("-(-9223372036854775807 - 1)", "integer overflow while attempting to negate the value `-9223372036854775808`")]
    [InlineData("- -9223372036854775808", "integer overflow while attempting to negate the value `-9223372036854775808`")]
    [InlineData("\"a\" + 1", "type error: expected long, got string")]
    [InlineData("1 + \"a\"", "type error: expected long, got string")]
    [InlineData("true + \"a\"", "type error: expected long, got bool")]
    [InlineData("1 * \"a\"", "type error: expected long, got string")]
    [InlineData("-\"a\"", "type error: expected long, got string")]
    [InlineData("User::\"a\" + 1", "type error: expected long, got (entity of type `User`)")]
    [InlineData("A::B::\"x\" + 1", "type error: expected long, got (entity of type `A::B`)")]
    public void Arithmetic(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("\"a\" + (9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("\"a\" < (9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("\"a\" == (9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("(1 + \"a\") > (9223372036854775807 + 1)", "type error: expected long, got string")]
    [InlineData("1.contains(9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("1.contains(1 + \"a\")", "type error: expected long, got string")]
    [InlineData("1.hasTag(9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("[9223372036854775807 + 1, 1 + \"a\"] == []", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    [InlineData("[1, 1 + \"a\", 9223372036854775807 + 1] == []", "type error: expected long, got string")]
    [InlineData("User::\"x\" in [User::\"x\", 1 + \"a\"]", "type error: expected long, got string")]
    public void OperandsAreEvaluatedLeftToRightBeforeAnyTypeCheck(string expression, string message) =>
        Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("{b: 9223372036854775807 + 1, a: 1 + \"a\"} == {}", "type error: expected long, got string")]
    [InlineData("{a: 1 + \"a\", b: 9223372036854775807 + 1} == {}", "type error: expected long, got string")]
    [InlineData("{\"\\u{10000}\": 1 + \"a\", \"\\u{FFFD}\": 9223372036854775807 + 1} == {}", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    public void RecordLiteralsAreEvaluatedInTheOrderOfTheirKeysUtf8Bytes(string expression, string message) =>
        Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("1 < \"a\"", "type error: expected long, got string")]
    [InlineData("\"a\" < 1", "type error: expected long, got string")]
    [InlineData("true < 1", "type error: expected long, got bool")]
    [InlineData("\"a\" > 1", "type error: expected long, got string")]
    [InlineData("\"a\" < true", "type error: expected one of [long, datetime, duration], got string")]
    [InlineData("true > \"a\"", "type error: expected one of [long, datetime, duration], got bool")]
    [InlineData("\"a\" >= \"b\"", "type error: expected one of [long, datetime, duration], got string")]
    [InlineData("[1] < [2]", "type error: expected one of [long, datetime, duration], got set")]
    [InlineData("decimal(\"1.0\") < decimal(\"2.0\")", "type error: expected one of [long, datetime, duration], got decimal")]
    [InlineData("decimal(\"1.0\") <= decimal(\"2.0\")", "type error: expected one of [long, datetime, duration], got decimal")]
    [InlineData("ip(\"1.1.1.1\") < ip(\"1.1.1.2\")", "type error: expected one of [long, datetime, duration], got ipaddr")]
    [InlineData("decimal(\"1.0\") < 1", "type error: expected long, got decimal")]
    [InlineData("1 < datetime(\"2020-01-01\")", "type error: expected long, got datetime")]
    [InlineData("duration(\"1h\") >= 1", "type error: expected long, got duration")]
    [InlineData("\"a\" < datetime(\"2020-01-01\")", "type error: expected datetime, got string")]
    [InlineData("datetime(\"2020-01-01\") < \"a\"", "type error: expected datetime, got string")]
    [InlineData("decimal(\"1.0\") < datetime(\"2020-01-01\")", "type error: expected datetime, got decimal")]
    [InlineData("datetime(\"2020-01-01\") < duration(\"2h\")", "type error: expected datetime, got duration")]
    [InlineData("duration(\"1h\") > datetime(\"2020-01-01\")", "type error: expected duration, got datetime")]
    public void Comparison(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("1 in User::\"a\"", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("(1 < 2) in User::\"x\"", "type error: expected (entity of type `any_entity_type`), got bool")]
    [InlineData("1 in [1]", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("1 in {a: 1}", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" in 1", "type error: expected one of [set, (entity of type `any_entity_type`)], got long")]
    [InlineData("User::\"a\" in [User::\"a\", 1]", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" in [User::\"b\", 1]", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" in [\"s\", 1]", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" in [1, \"s\"]", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" in [true, 2]", "type error: expected (entity of type `any_entity_type`), got bool")]
    [InlineData("User::\"a\" in [[1], true]", "type error: expected (entity of type `any_entity_type`), got bool")]
    [InlineData("User::\"a\" in [{a: 1}, [1]]", "type error: expected (entity of type `any_entity_type`), got set")]
    [InlineData("User::\"a\" in [ip(\"1.1.1.1\"), decimal(\"1.0\")]", "type error: expected (entity of type `any_entity_type`), got decimal")]
    [InlineData("User::\"a\" in [ip(\"1.1.1.1\"), duration(\"1h\")]", "type error: expected (entity of type `any_entity_type`), got duration")]
    [InlineData("User::\"a\" in [duration(\"1h\"), datetime(\"2020-01-01\")]", "type error: expected (entity of type `any_entity_type`), got datetime")]
    [InlineData("1 in (9223372036854775807 + 1)", "integer overflow while attempting to add the values `9223372036854775807` and `1`")]
    public void In(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("1 has x", "type error: expected one of [record, (entity of type `any_entity_type`)], got long")]
    [InlineData("\"a\" has x", "type error: expected one of [record, (entity of type `any_entity_type`)], got string")]
    [InlineData("1.x", "type error: expected one of [record, (entity of type `any_entity_type`)], got long")]
    [InlineData("[1].x", "type error: expected one of [record, (entity of type `any_entity_type`)], got set")]
    [InlineData("{a: 1}.b", "record does not have the attribute `b`")]
    [InlineData("{a: 1, c: 2}.b", "record does not have the attribute `b`")]
    [InlineData("context.zz", "record does not have the attribute `zz`")]
    [InlineData("principal.addr.zz", "record does not have the attribute `zz`")]
    [InlineData("{\"a b\": 1}[\"c d\"]", "record does not have the attribute `c d`")]
    [InlineData("User::\"alice\".zz", "`User::\"alice\"` does not have the attribute `zz`")]
    [InlineData("User::\"zzz\".x", "entity `User::\"zzz\"` does not exist")]
    [InlineData("User::\"a\\\"b\".x", "entity `User::\"a\\\"b\"` does not exist")]
    [InlineData("A::B::\"x\".y", "entity `A::B::\"x\"` does not exist")]
    public void Attributes(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("1 like \"a\"", "type error: expected string, got long")]
    [InlineData("1 is User", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("1 is User in 1", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("User::\"a\" is User in 1", "type error: expected one of [set, (entity of type `any_entity_type`)], got long")]
    [InlineData("User::\"a\" is User in (1 + \"a\")", "type error: expected long, got string")]
    public void LikeAndIs(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("1.contains(1)", "type error: expected set, got long")]
    [InlineData("[1].containsAll(1)", "type error: expected set, got long")]
    [InlineData("1.containsAll([1])", "type error: expected set, got long")]
    [InlineData("[1].containsAny(1)", "type error: expected set, got long")]
    [InlineData("{a: 1}.containsAny([1])", "type error: expected set, got record")]
    [InlineData("1.isEmpty()", "type error: expected set, got long")]
    public void SetOperations(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("User::\"alice\".getTag(\"zz\")", "`User::\"alice\"` does not have the tag `zz`")]
    [InlineData("User::\"alice\".getTag(\"addr\")", "`User::\"alice\"` does not have the tag `addr`")]
    [InlineData("User::\"zzz\".getTag(\"zz\")", "entity `User::\"zzz\"` does not exist")]
    [InlineData("User::\"alice\".hasTag(1)", "type error: expected string, got long")]
    [InlineData("User::\"zzz\".hasTag(1)", "type error: expected string, got long")]
    [InlineData("User::\"zzz\".getTag(1)", "type error: expected string, got long")]
    [InlineData("1.hasTag(\"a\")", "type error: expected (entity of type `any_entity_type`), got long")]
    [InlineData("1.getTag(1)", "type error: expected (entity of type `any_entity_type`), got long")]
    public void Tags(string expression, string message) => Assert.Equal(message, ErrorOf(expression));

    [Theory]
    [InlineData("ip(1)", "type error: expected string, got long")]
    [InlineData("ip(\"x\")", "error while evaluating `ipaddr` extension function: invalid IP address: x")]
    public void ExtensionErrorsPassThrough(string expression, string message) =>
        Assert.Equal(message, ErrorOf(expression));
}
