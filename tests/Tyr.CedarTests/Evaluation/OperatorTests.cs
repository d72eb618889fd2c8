using static Tyr.CedarTests.Evaluation.TestWorld;

namespace Tyr.CedarTests.Evaluation;

/// <summary>
/// What each operator yields, against <see cref="TestWorld"/>. Every row was checked with the
/// official implementation (as <c>(expression) == (expected)</c> in a <c>when</c> clause).
/// </summary>
public sealed class OperatorTests
{
    [Theory]
    [InlineData("true && true", "true")]
    [InlineData("true && false", "false")]
    [InlineData("false && true", "false")]
    [InlineData("false || true", "true")]
    [InlineData("false || false", "false")]
    [InlineData("true || false", "true")]
    [InlineData("!true", "false")]
    [InlineData("!false", "true")]
    [InlineData("!!true", "true")]
    public void Logic(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("false && (1 + \"a\")", "false")]
    [InlineData("false && 1", "false")]
    [InlineData("true || (1 + \"a\")", "true")]
    [InlineData("true || 1", "true")]
    [InlineData("if false then (1 + \"a\") else 3", "3")]
    [InlineData("if true then 3 else principal.nope", "3")]
    [InlineData("principal has nope && principal.nope", "false")]
    [InlineData("User::\"bob\" has age && User::\"bob\".age > 1", "false")]
    public void ShortCircuitSkipsTheErrorsItDoesNotEvaluate(string expression, string expected) =>
        AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("1 - 5", "-4")]
    [InlineData("6 * 7", "42")]
    [InlineData("-6 * 7", "-42")]
    [InlineData("-(3)", "-3")]
    [InlineData("1 - - 1", "2")]
    [InlineData("9223372036854775807 + 0", "9223372036854775807")]
    [InlineData("-9223372036854775807 - 1", "-9223372036854775808")]
    [InlineData("-9223372036854775808 * 1", "-9223372036854775808")]
    [InlineData("-1 * -9223372036854775807", "9223372036854775807")]
    [InlineData("4611686018427387904 * -2", "-9223372036854775808")]
    [InlineData("-9223372036854775808 + 9223372036854775807", "-1")]
    [InlineData("principal.age + context.n", "35")]
    public void Arithmetic(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("1 < 2", "true")]
    [InlineData("2 < 1", "false")]
    [InlineData("2 <= 2", "true")]
    [InlineData("3 <= 2", "false")]
    [InlineData("3 > 2", "true")]
    [InlineData("2 > 2", "false")]
    [InlineData("2 >= 3", "false")]
    [InlineData("3 >= 3", "true")]
    [InlineData("-9223372036854775808 < 9223372036854775807", "true")]
    [InlineData("datetime(\"2020-01-01\") < datetime(\"2021-01-01\")", "true")]
    [InlineData("datetime(\"2020-01-01\") <= datetime(\"2020-01-01\")", "true")]
    [InlineData("datetime(\"2020-01-01\") >= datetime(\"2020-01-02\")", "false")]
    [InlineData("duration(\"1h\") < duration(\"2h\")", "true")]
    [InlineData("duration(\"1h\") <= duration(\"60m\")", "true")]
    [InlineData("duration(\"2h\") > duration(\"1h\")", "true")]
    public void Comparison(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("1 == 1", "true")]
    [InlineData("1 == \"1\"", "false")]
    [InlineData("true == 1", "false")]
    [InlineData("1 != \"a\"", "true")]
    [InlineData("1 != 1", "false")]
    [InlineData("[1, 2] == [2, 1]", "true")]
    [InlineData("[1, 1] == [1]", "true")]
    [InlineData("[1] == [1, 2]", "false")]
    [InlineData("{a: 1, b: 2} == {b: 2, a: 1}", "true")]
    [InlineData("{a: 1} == {a: 1, b: 2}", "false")]
    [InlineData("{a: [1, {b: 2}]} == {a: [{b: 2}, 1]}", "true")]
    [InlineData("User::\"alice\" == User::\"alice\"", "true")]
    [InlineData("User::\"alice\" == Group::\"alice\"", "false")]
    [InlineData("principal == User::\"alice\"", "true")]
    [InlineData("action == Action::\"view\"", "true")]
    [InlineData("resource == Photo::\"a\"", "true")]
    [InlineData("ip(\"1.2.3.4\") == ip(\"1.2.3.4\")", "true")]
    [InlineData("decimal(\"1.0\") == decimal(\"1.00\")", "true")]
    [InlineData("decimal(\"1.0\") == 1", "false")]
    public void Equality(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("User::\"alice\" in Group::\"g1\"", "true")]
    [InlineData("User::\"alice\" in Group::\"g2\"", "true")]
    [InlineData("User::\"alice\" in Group::\"g3\"", "true")]
    [InlineData("Group::\"g1\" in Group::\"g3\"", "true")]
    [InlineData("Group::\"g3\" in User::\"alice\"", "false")]
    [InlineData("Group::\"g3\" in Group::\"g1\"", "false")]
    [InlineData("User::\"alice\" in User::\"alice\"", "true")]
    [InlineData("User::\"alice\" in Group::\"other\"", "false")]
    [InlineData("User::\"nobody\" in User::\"nobody\"", "true")]
    [InlineData("User::\"nobody\" in Group::\"g1\"", "false")]
    [InlineData("User::\"alice\" in [Photo::\"x\", Group::\"g3\"]", "true")]
    [InlineData("User::\"alice\" in [Photo::\"x\", Group::\"other\"]", "false")]
    [InlineData("User::\"alice\" in []", "false")]
    [InlineData("principal in resource", "false")]
    [InlineData("principal in [resource, principal]", "true")]
    public void In(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("User::\"alice\" has age", "true")]
    [InlineData("User::\"alice\" has zz", "false")]
    [InlineData("User::\"nobody\" has age", "false")]
    [InlineData("{a: 1} has a", "true")]
    [InlineData("{a: 1} has b", "false")]
    [InlineData("context has n", "true")]
    [InlineData("context has r.k", "true")]
    [InlineData("context has r.z", "false")]
    [InlineData("principal has addr.city", "true")]
    [InlineData("{\"a b\": 1} has \"a b\"", "true")]
    public void Has(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("User::\"alice\".age", "30")]
    [InlineData("principal.name", "\"Alice\"")]
    [InlineData("principal.addr.city", "\"Paris\"")]
    [InlineData("principal[\"addr\"][\"city\"]", "\"Paris\"")]
    [InlineData("principal.addr", "{city: \"Paris\"}")]
    [InlineData("context.r.k", "1")]
    [InlineData("context.s", "\"x\"")]
    [InlineData("{a: {b: 2}}.a.b", "2")]
    [InlineData("{\"a b\": 1}[\"a b\"]", "1")]
    public void GetAttribute(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("\"alice\" like \"a*\"", "true")]
    [InlineData("\"alice\" like \"*ice\"", "true")]
    [InlineData("\"alice\" like \"a*c*e\"", "true")]
    [InlineData("\"alice\" like \"a*x*e\"", "false")]
    [InlineData("\"alice\" like \"b*\"", "false")]
    [InlineData("\"alice\" like \"alice\"", "true")]
    [InlineData("\"alice\" like \"alic\"", "false")]
    [InlineData("\"a*\" like \"a\\*\"", "true")]
    [InlineData("\"ab\" like \"a\\*\"", "false")]
    [InlineData("\"\" like \"*\"", "true")]
    [InlineData("\"aXbXb\" like \"a*b\"", "true")]
    public void Like(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("principal is User", "true")]
    [InlineData("principal is Group", "false")]
    [InlineData("A::B::\"x\" is A::B", "true")]
    [InlineData("A::B::\"x\" is B", "false")]
    [InlineData("principal is User in Group::\"g3\"", "true")]
    [InlineData("principal is User in Group::\"other\"", "false")]
    [InlineData("principal is User in [Group::\"other\", Group::\"g2\"]", "true")]
    [InlineData("principal is Group in (1 + \"a\")", "false")]
    [InlineData("User::\"nobody\" is User in User::\"nobody\"", "true")]
    public void Is(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("if true then 1 else 2", "1")]
    [InlineData("if false then 1 else 2", "2")]
    [InlineData("if 1 < 2 then \"y\" else \"n\"", "\"y\"")]
    [InlineData("if principal has age then principal.age else 0", "30")]
    public void IfThenElse(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("[1, 2, 3].contains(2)", "true")]
    [InlineData("[1].contains(\"1\")", "false")]
    [InlineData("[1, 1 + 1].contains(2)", "true")]
    [InlineData("[[1], {a: 1}].contains({a: 1})", "true")]
    [InlineData("[1, 2, 3].containsAll([1, 3])", "true")]
    [InlineData("[1].containsAll([1, 2])", "false")]
    [InlineData("[].containsAll([])", "true")]
    [InlineData("[1, 2].containsAny([2, 5])", "true")]
    [InlineData("[1, 2].containsAny([])", "false")]
    [InlineData("[].isEmpty()", "true")]
    [InlineData("[1].isEmpty()", "false")]
    [InlineData("[principal, resource].contains(User::\"alice\")", "true")]
    [InlineData("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].containsAll([10, 1])", "true")]
    public void SetOperations(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("User::\"alice\".hasTag(\"color\")", "true")]
    [InlineData("User::\"alice\".hasTag(\"zz\")", "false")]
    [InlineData("User::\"alice\".hasTag(\"age\")", "false")]
    [InlineData("User::\"nobody\".hasTag(\"color\")", "false")]
    [InlineData("User::\"alice\".getTag(\"color\")", "\"red\"")]
    [InlineData("principal.getTag(\"n\")", "3")]
    [InlineData("principal.hasTag(\"n\") && principal.getTag(\"n\") == 3", "true")]
    public void Tags(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    [Theory]
    [InlineData("{a: 1, b: \"x\"}.b", "\"x\"")]
    [InlineData("{a: 1 + 1}", "{a: 2}")]
    [InlineData("[1 + 1, \"a\"]", "[\"a\", 2]")]
    [InlineData("ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\"))", "true")]
    [InlineData("ip(\"1.2.3.4\").isIpv4()", "true")]
    [InlineData("decimal(\"1.5\").lessThan(decimal(\"2.0\"))", "true")]
    public void LiteralsAndExtensions(string expression, string expected) => AssertEvaluatesTo(expression, expected);

    private static void AssertEvaluatesTo(string expression, string expected) =>
        Assert.Equal(Evaluate(expected), Evaluate(expression));
}
