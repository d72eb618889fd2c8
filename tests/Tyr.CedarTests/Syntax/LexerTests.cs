using Tyr.Cedar.Syntax;

namespace Tyr.CedarTests.Syntax;

public sealed class LexerTests
{
    private static (TokenKind Kind, string Text)[] Lex(string text) =>
        [.. Lexer.Tokenize(text).Select(t => (t.Kind, t.Text(text)))];

    [Fact]
    public void Operators_take_the_longest_match()
    {
        Assert.Equal(
            [
                (TokenKind.EqualEqual, "=="), (TokenKind.Assign, "="), (TokenKind.NotEqual, "!="), (TokenKind.Bang, "!"),
                (TokenKind.LessEqual, "<="), (TokenKind.Less, "<"), (TokenKind.GreaterEqual, ">="), (TokenKind.Greater, ">"),
                (TokenKind.DoubleColon, "::"), (TokenKind.Colon, ":"), (TokenKind.AndAnd, "&&"), (TokenKind.OrOr, "||"),
                (TokenKind.End, ""),
            ],
            Lex("== = != ! <= < >= > :: : && ||"));
    }

    [Fact]
    public void Punctuation_and_arithmetic_are_single_characters()
    {
        Assert.Equal(
            [
                TokenKind.At, TokenKind.Dot, TokenKind.Comma, TokenKind.Semicolon, TokenKind.LeftParen, TokenKind.RightParen,
                TokenKind.LeftBrace, TokenKind.RightBrace, TokenKind.LeftBracket, TokenKind.RightBracket, TokenKind.Plus,
                TokenKind.Minus, TokenKind.Star, TokenKind.Slash, TokenKind.Percent, TokenKind.End,
            ],
            Lex("@.,;(){}[]+-*/%").Select(t => t.Kind));
    }

    [Fact]
    public void Identifiers_numbers_strings_and_slots_are_whole_tokens()
    {
        Assert.Equal(
            [
                (TokenKind.Identifier, "_a1"), (TokenKind.Integer, "007"), (TokenKind.Identifier, "x"),
                (TokenKind.String, "\"a \\\" b\""), (TokenKind.Slot, "?principal"), (TokenKind.Slot, "?other_1"),
                (TokenKind.End, ""),
            ],
            Lex("_a1 007x \"a \\\" b\" ?principal ?other_1"));
    }

    [Theory]
    [InlineData("true", "True")]
    [InlineData("false", "False")]
    [InlineData("if", "If")]
    [InlineData("then", "Then")]
    [InlineData("else", "Else")]
    [InlineData("in", "In")]
    [InlineData("has", "Has")]
    [InlineData("like", "Like")]
    [InlineData("is", "Is")]
    [InlineData("permit", "Permit")]
    [InlineData("forbid", "Forbid")]
    [InlineData("when", "When")]
    [InlineData("unless", "Unless")]
    [InlineData("principal", "Principal")]
    [InlineData("action", "Action")]
    [InlineData("resource", "Resource")]
    [InlineData("context", "Context")]
    [InlineData("inx", "None")]
    [InlineData("Permit", "None")]
    public void Keywords_are_identifiers_with_a_role(string text, string keyword)
    {
        var token = Lexer.Tokenize(text)[0];
        Assert.Equal(TokenKind.Identifier, token.Kind);
        Assert.Equal(Enum.Parse<Keyword>(keyword), token.Keyword);
    }

    [Fact]
    public void Only_nine_keywords_are_reserved()
    {
        var reserved = Lexer.Tokenize("true false if then else in has like is permit forbid when unless principal action resource context")
            .Where(t => t.IsReserved)
            .Select(t => t.Keyword);
        Assert.Equal(
            [Keyword.True, Keyword.False, Keyword.If, Keyword.Then, Keyword.Else, Keyword.In, Keyword.Has, Keyword.Like, Keyword.Is],
            reserved);
    }

    [Fact]
    public void Comments_and_whitespace_separate_tokens_and_positions_count_lines_and_columns()
    {
        const string Text = "a // comment ; \"not a string\n\t b\r\n  \"x\ny\" c";
        var tokens = Lexer.Tokenize(Text);
        Assert.Equal(
            [(1, 1, "a"), (2, 3, "b"), (3, 3, "\"x\ny\""), (4, 4, "c"), (4, 5, "")],
            tokens.Select(t => (t.Line, t.Column, t.Text(Text))));
    }

    [Fact]
    public void A_question_mark_must_start_a_slot_name()
    {
        var error = Assert.Throws<CedarParseException>(() => Lexer.Tokenize("a ? b"));
        Assert.Equal((1, 3), (error.Line, error.Column));
        Assert.Equal("unexpected character `?`", error.Detail);
    }

    [Theory]
    [InlineData("a & b", 1, 3, "unexpected character `&`")]
    [InlineData("a | b", 1, 3, "unexpected character `|`")]
    [InlineData("\n  ü", 2, 3, "unexpected character `ü`")]
    [InlineData("x \U0001F600", 1, 3, "unexpected character `\U0001F600`")]
    [InlineData("\"abc", 1, 1, "unterminated string literal")]
    [InlineData("a\n \"abc\\\"", 2, 2, "unterminated string literal")]
    [InlineData("\"a\\\nb\"", 1, 1, "a string literal cannot end a line with `\\`")]
    public void Characters_outside_the_language_are_refused_where_they_are(string text, int line, int column, string message)
    {
        var error = Assert.Throws<CedarParseException>(() => Lexer.Tokenize(text));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(message, error.Detail, StringComparison.Ordinal);
    }
}
