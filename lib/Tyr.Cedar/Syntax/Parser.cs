using System.Runtime.CompilerServices;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Syntax;

/// <summary>
/// Recursive-descent parser for Cedar static policies (docs.cedarpolicy.com, "Grammar"). One pass
/// over the tokens, no backtracking except to quote source text in an error message. Errors stop
/// the parse at the first problem, in source order, with its line and column.
/// </summary>
/// <remarks>This file: entry points, token access and errors. Policies and scopes are in
/// Parser.Policies.cs, expressions in Parser.Expressions.cs, names in Parser.Names.cs.</remarks>
internal sealed partial class Parser
{
    /// <summary>
    /// How deeply expressions may nest (parentheses, sets, records, calls, <c>if</c>). The official
    /// implementation overflows its stack somewhere past 120 levels; a bound keeps ours from doing so.
    /// </summary>
    internal const int MaxNesting = 200;

    private readonly string _text;
    private readonly Token[] _tokens;
    private int _position;
    private int _nesting;

    private Parser(string text)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
    }

    /// <summary>Static policies, in source order; ids from <c>@id</c> or <c>policyN</c>, distinct.</summary>
    public static PolicySet ParsePolicySet(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Parser(text).PolicySetToEnd();
    }

    /// <summary>One expression that makes up the whole of <paramref name="text"/>.</summary>
    public static Expr ParseExpression(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var expr = parser.ParseExpr();
        parser.ExpectEnd("the expression");
        return expr;
    }

    /// <summary>An entity uid, <c>Type::"id"</c> or <c>A::B::"id"</c>, that makes up the whole of <paramref name="text"/>.</summary>
    public static EntityUid ParseEntityUid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var uid = parser.ParseEntityUidLiteral();
        parser.ExpectEnd("the entity uid");
        return uid;
    }

    private Token Current => _tokens[_position];

    /// <summary>The token <paramref name="ahead"/> places after the current one (the end token past the end).</summary>
    private Token Peek(int ahead) => TokenAt(_position + ahead);

    private Token TokenAt(int index) => _tokens[Math.Min(index, _tokens.Length - 1)];

    /// <summary>Where the last consumed token ends.</summary>
    private int PreviousEnd => _tokens[_position - 1].End;

    private Token Advance()
    {
        var token = _tokens[_position];
        if (token.Kind != TokenKind.End)
        {
            _position++;
        }

        return token;
    }

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw Error($"expected {expected}, found {Describe(Current)}", Current);
        }

        return Advance();
    }

    private Token ExpectKeyword(Keyword keyword, string expected)
    {
        if (!Current.Is(keyword))
        {
            throw Error($"expected {expected}, found {Describe(Current)}", Current);
        }

        return Advance();
    }

    private void ExpectEnd(string what)
    {
        if (Current.Kind != TokenKind.End)
        {
            throw Error($"expected the end of {what}, found {Describe(Current)}", Current);
        }
    }

    /// <summary>Counts one more level of nesting; refuses input that would exhaust the stack.</summary>
    private void EnterNesting()
    {
        if (++_nesting > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error($"the expression is nested too deeply (the limit is {MaxNesting} levels)", Current);
        }
    }

    private void LeaveNesting() => _nesting--;

    private string TextOf(Token token) => token.Text(_text);

    private string TextOf(Expr expr) => _text.Substring(expr.Span.Offset, expr.Span.Length);

    /// <summary>The span from the start of <paramref name="first"/> to <paramref name="end"/>.</summary>
    private static SourceSpan SpanFrom(Token first, int end) => new(first.Offset, end - first.Offset, first.Line, first.Column);

    /// <summary>A token as an error message shows it.</summary>
    private string Describe(Token token)
    {
        if (token.Kind == TokenKind.End)
        {
            return "the end of the input";
        }

        const int Longest = 40;
        var text = TextOf(token);
        return text.Length <= Longest ? $"`{text}`" : $"`{text[..(Longest - 3)]}...`";
    }

    private static CedarParseException Error(string detail, Token at) => new(detail, at.Line, at.Column);

    private static CedarParseException Error(string detail, SourceSpan at) => new(detail, at.Line, at.Column);
}
