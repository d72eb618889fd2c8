using Tyr.Cedar.Ast;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Syntax;

/// <summary>
/// The shape of parsed expressions. Precedence and associativity follow the Cedar grammar
/// (docs.cedarpolicy.com, "Grammar"); the shapes were checked against the official parser's JSON
/// form (cedar-wasm 4.13, <c>policyToJson</c>).
/// </summary>
public sealed class ExpressionParserTests
{
    private static string Parse(string text) => AstText.Of(CedarText.ParseExpression(text));

    [Theory]
    [InlineData("principal || action && resource", "(|| principal (&& action resource))")]
    [InlineData("true || false || true", "(|| (|| true false) true)")]
    [InlineData("true && false && true", "(&& (&& true false) true)")]
    [InlineData("true && 1 == 2 || false", "(|| (&& true (== 1 2)) false)")]
    [InlineData("1 + 2 == 3", "(== (+ 1 2) 3)")]
    [InlineData("1 + 2 * 3", "(+ 1 (* 2 3))")]
    [InlineData("(1 + 2) * 3", "(* (+ 1 2) 3)")]
    [InlineData("2 - 1 - 1", "(- (- 2 1) 1)")]
    [InlineData("2 * 3 * 4", "(* (* 2 3) 4)")]
    [InlineData("1 - 2 + 3", "(+ (- 1 2) 3)")]
    [InlineData("!true || true", "(|| (! true) true)")]
    [InlineData("-1 < 0", "(< -1 0)")]
    [InlineData("1 + 1 in [2]", "(in (+ 1 1) [2])")]
    [InlineData("principal in resource && true", "(&& (in principal resource) true)")]
    [InlineData("principal.a + 1 < context.b * 2", "(< (+ (. principal a) 1) (* (. context b) 2))")]
    [InlineData("!principal.ok", "(! (. principal ok))")]
    [InlineData("-context.n * 2", "(* (neg (. context n)) 2)")]
    public void Binary_operators_bind_by_precedence_and_associate_left(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("if true then 1 else 2", "(if true 1 2)")]
    [InlineData("if true then true else false && false", "(if true true (&& false false))")]
    [InlineData("if true then 1 else if false then 2 else 3", "(if true 1 (if false 2 3))")]
    [InlineData("if if true then false else true then 1 else 2", "(if (if true false true) 1 2)")]
    [InlineData("(if true then 1 else 2) + 1", "(+ (if true 1 2) 1)")]
    [InlineData("if principal has a then principal.a else 0", "(if (has principal a) (. principal a) 0)")]
    public void If_then_else_takes_whole_expressions_in_each_branch(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("principal has name", "(has principal name)")]
    [InlineData("principal has \"first name\"", "(has principal first name)")]
    [InlineData("context has principal", "(has context principal)")]
    [InlineData("context has permit", "(has context permit)")]
    [InlineData("principal has a.b", "(&& (has principal a) (has (. principal a) b))")]
    [InlineData(
        "principal has a.b.c",
        "(&& (&& (has principal a) (has (. principal a) b)) (has (. (. principal a) b) c))")]
    [InlineData("principal.x has y && true", "(&& (has (. principal x) y) true)")]
    public void Has_takes_an_attribute_name_and_desugars_a_dotted_path(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Fact]
    public void A_dotted_has_shares_the_target_between_the_tests()
    {
        var and = Assert.IsType<AndExpr>(CedarText.ParseExpression("context has a.b"));
        var first = Assert.IsType<HasAttrExpr>(and.Left);
        var second = Assert.IsType<HasAttrExpr>(and.Right);
        var access = Assert.IsType<GetAttrExpr>(second.Target);
        Assert.Same(first.Target, access.Target);
    }

    [Theory]
    [InlineData("principal.name like \"a*\"", "(like (. principal name) \"a*\")")]
    [InlineData("\"x\" like \"*a\\*b*\"", "(like \"x\" \"*a\\*b*\")")]
    [InlineData("principal is User", "(is principal User)")]
    [InlineData("principal is A::B::User", "(is principal A::B::User)")]
    [InlineData("principal is User in Group::\"g\"", "(is principal User Group::\"g\")")]
    [InlineData("principal is User in [Group::\"g\"]", "(is principal User [Group::\"g\"])")]
    [InlineData("principal is User in context.g && true", "(&& (is principal User (. context g)) true)")]
    [InlineData("principal is principal", "(is principal principal)")]
    [InlineData("principal is permit", "(is principal permit)")]
    [InlineData("principal in Group::\"g\"", "(in principal Group::\"g\")")]
    [InlineData("1 != 2", "(!= 1 2)")]
    [InlineData("1 <= 2", "(<= 1 2)")]
    [InlineData("1 >= 2", "(>= 1 2)")]
    [InlineData("1 > 2", "(> 1 2)")]
    public void Relations_like_and_is_build_their_nodes(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Fact]
    public void A_like_pattern_keeps_wildcards_apart_from_escaped_stars()
    {
        var like = Assert.IsType<LikeExpr>(CedarText.ParseExpression("context.s like \"a*\\*\""));
        Assert.Equal(new char?[] { 'a', null, '*' }, like.Pattern.Elements);
    }

    [Fact]
    public void A_star_spelled_as_a_unicode_escape_is_still_a_wildcard()
    {
        // The official parser unescapes first and then reads `*` as a wildcard; only `\*` is a literal star.
        var like = Assert.IsType<LikeExpr>(CedarText.ParseExpression("context.s like \"\\u{2a}\\x2a\""));
        Assert.Equal(new char?[] { null, null }, like.Pattern.Elements);
    }

    [Theory]
    [InlineData("principal.name", "(. principal name)")]
    [InlineData("principal[\"first name\"]", "(. principal first name)")]
    [InlineData("principal.a.b[\"c\"].d", "(. (. (. (. principal a) b) c) d)")]
    [InlineData("context.principal", "(. context principal)")]
    [InlineData("context.when", "(. context when)")]
    [InlineData("principal[\"if\"]", "(. principal if)")]
    [InlineData("{a: 1}.a", "(. {a: 1} a)")]
    [InlineData("[1, 2].contains(1)", "(.contains [1 2] 1)")]
    [InlineData("[1].containsAll([1])", "(.containsAll [1] [1])")]
    [InlineData("[1].containsAny([])", "(.containsAny [1] [])")]
    [InlineData("[].isEmpty()", "(.isEmpty [])")]
    [InlineData("principal.hasTag(\"t\")", "(.hasTag principal \"t\")")]
    [InlineData("principal.getTag(\"t\").x", "(. (.getTag principal \"t\") x)")]
    [InlineData("principal.tags.contains(1,)", "(.contains (. principal tags) 1)")]
    [InlineData("ip(\"10.0.0.1\")", "(ip \"10.0.0.1\")")]
    [InlineData("ip(\"10.0.0.1\",)", "(ip \"10.0.0.1\")")]
    [InlineData("ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\"))", "(.isInRange (ip \"10.0.0.1\") (ip \"10.0.0.0/8\"))")]
    [InlineData("decimal(\"1.5\").lessThan(decimal(\"2\"))", "(.lessThan (decimal \"1.5\") (decimal \"2\"))")]
    [InlineData("datetime(\"2024-01-01\").offset(duration(\"1h\"))", "(.offset (datetime \"2024-01-01\") (duration \"1h\"))")]
    [InlineData("ip(\"1.2.3.4\").isIpv4(1, 2)", "(.isIpv4 (ip \"1.2.3.4\") 1 2)")]
    [InlineData("ip()", "(ip)")]
    public void Member_access_and_calls_chain_left_to_right(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("0", "0")]
    [InlineData("007", "7")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("\"hello\"", "\"hello\"")]
    [InlineData("User::\"alice\"", "User::\"alice\"")]
    [InlineData("A::B::C::\"x y\"", "A::B::C::\"x y\"")]
    [InlineData("Action :: \"view\"", "Action::\"view\"")]
    [InlineData("permit::\"p\"", "permit::\"p\"")]
    [InlineData("principal::\"p\"", "principal::\"p\"")]
    [InlineData("principal", "principal")]
    [InlineData("action", "action")]
    [InlineData("resource", "resource")]
    [InlineData("context", "context")]
    [InlineData("(((1)))", "1")]
    [InlineData("[]", "[]")]
    [InlineData("[1, \"a\", [true]]", "[1 \"a\" [true]]")]
    [InlineData("[1,]", "[1]")]
    [InlineData("{}", "{}")]
    [InlineData("{a: 1, \"b c\": [2], principal: 3, if_: 4}", "{a: 1, b c: [2], principal: 3, if_: 4}")]
    [InlineData("{a: 1,}", "{a: 1}")]
    [InlineData("{\"if\": 1}", "{if: 1}")]
    [InlineData("{__cedarx: 1}", "{__cedarx: 1}")]
    public void Primaries_parse_to_literals_variables_sets_and_records(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Fact]
    public void Entity_literals_unescape_their_id()
    {
        var literal = Assert.IsType<LiteralExpr>(CedarText.ParseExpression("Doc::\"a\\\"b\\u{e9}\""));
        Assert.Equal(new EntityUid("Doc", "a\"b\u00e9"), literal.Value.AsEntity);
    }

    [Theory]
    [InlineData("-1", "-1")]
    [InlineData("- 1", "-1")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("--1", "(neg -1)")]
    [InlineData("- -1", "(neg -1)")]
    [InlineData("----9223372036854775808", "(neg (neg (neg -9223372036854775808)))")]
    [InlineData("-(1)", "(neg 1)")]
    [InlineData("-(-1)", "(neg -1)")]
    [InlineData("-1.x", "(neg (. 1 x))")]
    [InlineData("1 - -1", "(- 1 -1)")]
    [InlineData("1--1", "(- 1 -1)")]
    [InlineData("!!!!true", "(! (! (! (! true))))")]
    [InlineData("----context.n", "(neg (neg (neg (neg (. context n)))))")]
    public void A_minus_before_an_integer_literal_is_part_of_the_literal(string text, string expected) =>
        Assert.Equal(expected, Parse(text));

    [Fact]
    public void The_smallest_long_is_a_literal_only_with_its_minus()
    {
        var literal = Assert.IsType<LiteralExpr>(CedarText.ParseExpression("-9223372036854775808"));
        Assert.Equal(long.MinValue, literal.Value.AsLong);
        Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("9223372036854775808"));
        Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("-(9223372036854775808)"));
    }

    [Fact]
    public void Comments_and_line_breaks_are_ignored_between_tokens()
    {
        var text = "1 + // one\n  2 // two\r\n  * 3";
        Assert.Equal("(+ 1 (* 2 3))", Parse(text));
    }

    [Fact]
    public void Every_node_has_the_span_of_its_source_text()
    {
        const string Text = "if principal.age >= 18\n  then [1, -2] else {a: ip(\"1.2.3.4\").isIpv4()}";
        var root = CedarText.ParseExpression(Text);
        Assert.Equal(Text, Slice(Text, root));

        var @if = Assert.IsType<IfExpr>(root);
        Assert.Equal("principal.age >= 18", Slice(Text, @if.Condition));
        var comparison = Assert.IsType<BinaryExpr>(@if.Condition);
        Assert.Equal("principal.age", Slice(Text, comparison.Left));
        Assert.Equal("principal", Slice(Text, Assert.IsType<GetAttrExpr>(comparison.Left).Target));
        Assert.Equal("18", Slice(Text, comparison.Right));

        var set = Assert.IsType<SetExpr>(@if.Then);
        Assert.Equal("[1, -2]", Slice(Text, set));
        Assert.Equal("-2", Slice(Text, set.Elements[1]));
        Assert.Equal(new SourceSpan(30, 7, 2, 8), set.Span);

        var record = Assert.IsType<RecordExpr>(@if.Else);
        Assert.Equal("{a: ip(\"1.2.3.4\").isIpv4()}", Slice(Text, record));
        var call = Assert.IsType<MethodCallExpr>(record.Attributes[0].Value);
        Assert.Equal("ip(\"1.2.3.4\").isIpv4()", Slice(Text, call));
        Assert.Equal("ip(\"1.2.3.4\")", Slice(Text, call.Receiver));
        Assert.Equal("\"1.2.3.4\"", Slice(Text, Assert.IsType<FunctionCallExpr>(call.Receiver).Arguments[0]));
    }

    [Fact]
    public void A_parenthesized_operand_is_inside_its_parent_span()
    {
        const string Text = "(1 + 2) * 3";
        var product = Assert.IsType<BinaryExpr>(CedarText.ParseExpression(Text));
        Assert.Equal(Text, Slice(Text, product));
        Assert.Equal("1 + 2", Slice(Text, product.Left));
    }

    [Fact]
    public void Desugared_has_nodes_span_the_path_so_far()
    {
        const string Text = "context has a.b";
        var and = Assert.IsType<AndExpr>(CedarText.ParseExpression(Text));
        Assert.Equal("context has a.b", Slice(Text, and));
        Assert.Equal("context has a", Slice(Text, and.Left));
        Assert.Equal("context has a.b", Slice(Text, and.Right));
        Assert.Equal("context has a", Slice(Text, Assert.IsType<HasAttrExpr>(and.Right).Target));
    }

    [Fact]
    public void Nesting_up_to_the_limit_parses()
    {
        var depth = Parser.MaxNesting - 1;
        var text = new string('(', depth) + "1" + new string(')', depth);
        Assert.Equal("1", Parse(text));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_refused_instead_of_overflowing_the_stack()
    {
        var depth = Parser.MaxNesting * 50;
        var text = new string('[', depth) + new string(']', depth);
        var error = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression(text));
        Assert.Contains("nested too deeply", error.Detail, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(Parser.MaxNesting + 1, error.Column);
    }

    [Fact]
    public void Long_operator_chains_are_not_nesting()
    {
        var text = string.Join(" || ", Enumerable.Repeat("context.a", 20_000));
        var expr = CedarText.ParseExpression(text);
        var depth = 0;
        while (expr is OrExpr or)
        {
            Assert.IsType<GetAttrExpr>(or.Right);
            expr = or.Left;
            depth++;
        }

        Assert.Equal(19_999, depth);
    }

    private static string Slice(string text, Expr expr) => text.Substring(expr.Span.Offset, expr.Span.Length);
}
