using Tyr.Cedar.Ast;
using Tyr.Cedar.Syntax;

namespace Tyr.CedarTests.Syntax;

/// <summary>String escapes as the official parser reads them (Rust's rules; checked with cedar-wasm 4.13).</summary>
public sealed class StringLiteralTests
{
    private static string ValueOf(string literal) =>
        Assert.IsType<LiteralExpr>(CedarText.ParseExpression(literal)).Value.AsString;

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"\"", "")]
    [InlineData("\"\\n\\r\\t\\\\\\0\\'\\\"\"", "\n\r\t\\\0'\"")]
    [InlineData("\"\\x41\\x7f\\x00\"", "A\u007f\0")]
    [InlineData("\"\\u{41}\\u{e9}\\u{000041}\"", "A\u00e9A")]
    [InlineData("\"\\u{1F600}\"", "\U0001F600")]
    [InlineData("\"\\u{10FFFF}\"", "\U0010FFFF")]
    [InlineData("\"a*b\"", "a*b")]
    [InlineData("\"two\nlines\"", "two\nlines")]
    [InlineData("\"é😀\"", "é😀")]
    public void Escapes_unescape_to_their_characters(string literal, string expected) =>
        Assert.Equal(expected, ValueOf(literal));

    [Theory]
    [InlineData("\"\\q\"", "\\q")]
    [InlineData("\"\\*\"", "\\*")]
    [InlineData("\"\\X41\"", "\\X")]
    [InlineData("\"\\x4\"", "\\x4")]
    [InlineData("\"\\x4g\"", "\\x4g")]
    [InlineData("\"\\x80\"", "\\x80")]
    [InlineData("\"\\u41\"", "\\u4")]
    [InlineData("\"\\u{}\"", "\\u{}")]
    [InlineData("\"\\u{41\"", "\\u{41")]
    [InlineData("\"\\u{4g}\"", "\\u{4g")]
    [InlineData("\"\\u{1234567}\"", "\\u{1234567}")]
    [InlineData("\"\\u{110000}\"", "\\u{110000}")]
    [InlineData("\"\\u{D800}\"", "\\u{D800}")]
    [InlineData("\"ok \\u{DFFF}\"", "\\u{DFFF}")]
    public void Other_escapes_are_refused_and_named(string literal, string escape)
    {
        var error = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("1 == " + literal));
        Assert.Equal($"the input `{escape}` is not a valid escape", error.Detail);
        Assert.Equal((1, 6), (error.Line, error.Column));
    }

    [Fact]
    public void A_bare_carriage_return_inside_a_string_is_refused()
    {
        var error = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("\"a\rb\""));
        Assert.Contains("carriage return", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"*\"", new int[] { -1 })]
    [InlineData("\"\\*\"", new int[] { '*' })]
    [InlineData("\"a\\\\*\"", new int[] { 'a', '\\', -1 })]
    [InlineData("\"\\u{2a}\"", new int[] { -1 })]
    [InlineData("\"\\x2a\\n\"", new int[] { -1, '\n' })]
    [InlineData("\"**\"", new int[] { -1, -1 })]
    [InlineData("\"\"", new int[0])]
    public void Patterns_read_stars_as_wildcards_unless_escaped(string literal, int[] expected)
    {
        var like = Assert.IsType<LikeExpr>(CedarText.ParseExpression("context.s like " + literal));
        Assert.Equal(expected.Select(c => c < 0 ? (char?)null : (char)c), like.Pattern.Elements);
    }

    [Fact]
    public void Patterns_refuse_the_same_escapes_as_strings()
    {
        var error = Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("\"x\" like \"\\q\""));
        Assert.Equal("the input `\\q` is not a valid escape", error.Detail);
    }

    [Fact]
    public void Only_patterns_accept_the_escaped_star()
    {
        Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("context has \"\\*\""));
        Assert.Throws<CedarParseException>(() => CedarText.ParseExpression("context[\"\\*\"]"));
        Assert.IsType<LikeExpr>(CedarText.ParseExpression("context.s like \"\\*\""));
    }
}
