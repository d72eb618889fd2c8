using Tyr.Cedar.Ast;
using Tyr.Cedar.Extensions;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Syntax;

/// <summary>
/// Expressions, loosest binding first: <c>if</c>, <c>||</c>, <c>&amp;&amp;</c>, relations
/// (non-associative), <c>+ -</c>, <c>*</c>, unary <c>! -</c>, member access, primaries.
/// </summary>
internal sealed partial class Parser
{
    private const string MultipleRelationsMessage =
        "multiple relational operators (>, ==, in, etc.) must be used with parentheses to make ordering explicit";

    private Expr ParseExpr()
    {
        EnterNesting();
        Expr result;
        if (Current.Is(Keyword.If))
        {
            var first = Advance();
            var condition = ParseExpr();
            ExpectKeyword(Keyword.Then, "`then` after the `if` condition");
            var then = ParseExpr();
            ExpectKeyword(Keyword.Else, "`else` after the `then` branch");
            var @else = ParseExpr();
            result = new IfExpr(condition, then, @else, SpanFrom(first, PreviousEnd));
        }
        else
        {
            result = ParseOr();
        }

        LeaveNesting();
        return result;
    }

    private Expr ParseOr()
    {
        var first = Current;
        var left = ParseAnd();
        while (Current.Kind == TokenKind.OrOr)
        {
            Advance();
            var right = ParseAnd();
            left = new OrExpr(left, right, SpanFrom(first, PreviousEnd));
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var first = Current;
        var left = ParseRelation();
        while (Current.Kind == TokenKind.AndAnd)
        {
            Advance();
            var right = ParseRelation();
            left = new AndExpr(left, right, SpanFrom(first, PreviousEnd));
        }

        return left;
    }

    /// <summary>At most one relational operator, <c>has</c>, <c>like</c> or <c>is</c>: Cedar refuses chains.</summary>
    private Expr ParseRelation()
    {
        var first = Current;
        var left = ParseAdd();
        var op = Current;
        Expr result;
        if (RelationalOperator(op) is { } binary)
        {
            Advance();
            var right = ParseAdd();
            result = new BinaryExpr(binary, left, right, SpanFrom(first, PreviousEnd));
        }
        else if (op.Kind == TokenKind.Assign)
        {
            throw Error("'=' is not a valid operator in Cedar; use '==' instead", op);
        }
        else if (op.Is(Keyword.Has))
        {
            Advance();
            result = ParseHasAttribute(first, left);
        }
        else if (op.Is(Keyword.Like))
        {
            Advance();
            result = ParseLikePattern(first, left);
        }
        else if (op.Is(Keyword.Is))
        {
            Advance();
            var entityType = ParseEntityTypeAfterIs();
            Expr? @in = null;
            if (Current.Is(Keyword.In))
            {
                Advance();
                @in = ParseAdd();
            }

            result = new IsExpr(left, entityType, @in, SpanFrom(first, PreviousEnd));
        }
        else
        {
            return left;
        }

        var next = Current;
        if (RelationalOperator(next) is not null || next.Kind == TokenKind.Assign ||
            next.Keyword is Keyword.Has or Keyword.Like or Keyword.Is)
        {
            throw Error(MultipleRelationsMessage, next);
        }

        return result;
    }

    private static BinaryOp? RelationalOperator(Token token) => token.Kind switch
    {
        TokenKind.EqualEqual => BinaryOp.Equal,
        TokenKind.NotEqual => BinaryOp.NotEqual,
        TokenKind.Less => BinaryOp.Less,
        TokenKind.LessEqual => BinaryOp.LessEqual,
        TokenKind.Greater => BinaryOp.Greater,
        TokenKind.GreaterEqual => BinaryOp.GreaterEqual,
        TokenKind.Identifier when token.Keyword == Keyword.In => BinaryOp.In,
        _ => null,
    };

    /// <summary>
    /// <c>e has a</c>, <c>e has "a b"</c>, or <c>e has a.b.c</c>, which means
    /// <c>e has a &amp;&amp; e.a has b &amp;&amp; e.a.b has c</c> (as in the official parser).
    /// </summary>
    private Expr ParseHasAttribute(Token first, Expr target)
    {
        var name = Current;
        if (name.Kind == TokenKind.String && !ContinuesOperand(Peek(1).Kind))
        {
            Advance();
            return new HasAttrExpr(target, StringLiteral.Unescape(_text, name), SpanFrom(first, name.End));
        }

        if (name.IsIdentifier)
        {
            if (Peek(1).Kind == TokenKind.DoubleColon && Peek(2).IsIdentifier)
            {
                throw Error(
                    $"`{_text[name.Offset..TokenAt(PathEnd(_position) - 1).End]}` cannot be used as an attribute as it contains a namespace",
                    name);
            }

            var end = _position + 1;
            while (TokenAt(end).Kind == TokenKind.Dot && TokenAt(end + 1).IsIdentifier)
            {
                end += 2;
            }

            if (!ContinuesOperand(TokenAt(end).Kind))
            {
                var attribute = ValidatedName(name);
                Expr result = new HasAttrExpr(target, attribute, SpanFrom(first, name.End));
                var path = target;
                for (var i = _position + 2; i < end; i += 2)
                {
                    var previous = _tokens[i - 2];
                    var component = _tokens[i];
                    path = new GetAttrExpr(path, attribute, SpanFrom(first, previous.End));
                    attribute = ValidatedName(component);
                    var has = new HasAttrExpr(path, attribute, SpanFrom(first, component.End));
                    result = new AndExpr(result, has, SpanFrom(first, component.End));
                }

                _position = end;
                return result;
            }
        }

        throw OperandError(
            "invalid RHS of a `has` operation (expected an attribute name, or several joined by `.`)",
            "an attribute name after `has`");
    }

    /// <summary><c>e like "pattern"</c>: the pattern must be a string literal, where <c>*</c> is a wildcard and <c>\*</c> a star.</summary>
    private LikeExpr ParseLikePattern(Token first, Expr target)
    {
        var pattern = Current;
        if (pattern.Kind != TokenKind.String || ContinuesOperand(Peek(1).Kind))
        {
            throw OperandError(
                "right hand side of a `like` expression must be a pattern literal", "a pattern string after `like`");
        }

        Advance();
        var elements = StringLiteral.UnescapePattern(_text, pattern);
        return new LikeExpr(target, new LikePattern(elements), SpanFrom(first, pattern.End));
    }

    private Expr ParseAdd()
    {
        var first = Current;
        var left = ParseMult();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance().Kind == TokenKind.Plus ? BinaryOp.Add : BinaryOp.Subtract;
            var right = ParseMult();
            left = new BinaryExpr(op, left, right, SpanFrom(first, PreviousEnd));
        }

        return left;
    }

    private Expr ParseMult()
    {
        var first = Current;
        var left = ParseUnary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Star:
                    Advance();
                    var right = ParseUnary();
                    left = new BinaryExpr(BinaryOp.Multiply, left, right, SpanFrom(first, PreviousEnd));
                    break;
                case TokenKind.Slash:
                    throw Error("division is not supported", Current);
                case TokenKind.Percent:
                    throw Error("remainder/modulo is not supported", Current);
                default:
                    return left;
            }
        }
    }

    /// <summary>
    /// Up to four <c>!</c> or four <c>-</c> (not mixed). A <c>-</c> right before an integer literal
    /// is part of the literal, so that <c>-9223372036854775808</c> can be written.
    /// </summary>
    private Expr ParseUnary()
    {
        var kind = Current.Kind;
        if (kind is not (TokenKind.Bang or TokenKind.Minus))
        {
            return ParseMember();
        }

        var firstOperator = _position;
        while (Current.Kind == kind)
        {
            Advance();
        }

        var count = _position - firstOperator;
        if (count > 4)
        {
            throw Error($"too many occurrences of `{(kind == TokenKind.Bang ? '!' : '-')}`: at most four in a row", _tokens[firstOperator]);
        }

        Expr operand;
        if (kind == TokenKind.Minus && Current.Kind == TokenKind.Integer &&
            Peek(1).Kind is not (TokenKind.Dot or TokenKind.LeftBracket or TokenKind.LeftParen))
        {
            var minus = _tokens[_position - 1];
            var literal = Advance();
            operand = new LiteralExpr(Value.Long(IntegerValue(literal, negative: true)), SpanFrom(minus, literal.End));
            count--;
        }
        else
        {
            operand = ParseMember();
        }

        var op = kind == TokenKind.Bang ? UnaryOp.Not : UnaryOp.Negate;
        var end = PreviousEnd;
        for (var i = firstOperator + count - 1; i >= firstOperator; i--)
        {
            operand = new UnaryExpr(op, operand, SpanFrom(_tokens[i], end));
        }

        return operand;
    }

    /// <summary>A primary followed by <c>.attr</c>, <c>.method(args)</c> and <c>["attr"]</c>, left to right.</summary>
    private Expr ParseMember()
    {
        var first = Current;
        var expr = ParsePrimary();
        while (true)
        {
            switch (Current.Kind)
            {
                case TokenKind.Dot:
                    Advance();
                    var name = Current;
                    if (!name.IsIdentifier)
                    {
                        throw Error($"expected an attribute or method name after `.`, found {Describe(name)}", name);
                    }

                    Advance();
                    if (Current.Kind == TokenKind.LeftParen)
                    {
                        var arguments = ParseArguments();
                        expr = MethodCall(first, expr, name, arguments);
                    }
                    else
                    {
                        expr = new GetAttrExpr(expr, ValidatedName(name), SpanFrom(first, name.End));
                    }

                    break;

                case TokenKind.LeftBracket:
                    Advance();
                    var key = Expect(TokenKind.String, "a string literal inside `[...]`");
                    Expect(TokenKind.RightBracket, "`]` after the attribute name");
                    expr = new GetAttrExpr(expr, StringLiteral.Unescape(_text, key), SpanFrom(first, PreviousEnd));
                    break;

                case TokenKind.LeftParen:
                    throw Error("function calls must be of the form `<name>(arg1, arg2, ...)`", Current);

                default:
                    return expr;
            }
        }
    }

    /// <summary>
    /// A method call. The built-in methods have their arity checked here; extension methods only
    /// exist or not, their arity is an evaluation error (as in the official implementation).
    /// </summary>
    private MethodCallExpr MethodCall(Token first, Expr receiver, Token nameToken, List<Expr> arguments)
    {
        var name = ValidatedName(nameToken);
        int? arity = name switch
        {
            "contains" or "containsAll" or "containsAny" or "hasTag" or "getTag" => 1,
            "isEmpty" => 0,
            _ => null,
        };
        if (arity is { } expected)
        {
            if (arguments.Count != expected)
            {
                throw Error(
                    $"call to `{name}` requires exactly {Plural(expected, "argument")}, but got {Plural(arguments.Count, "argument")}",
                    nameToken);
            }
        }
        else if (!ExtensionFunctions.IsMethod(name))
        {
            throw Error(
                ExtensionFunctions.IsFunction(name) ? $"`{name}` is a function, not a method" : $"`{name}` is not a valid method",
                nameToken);
        }

        return new MethodCallExpr(receiver, name, arguments, SpanFrom(first, PreviousEnd));
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private Expr ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                Advance();
                return new LiteralExpr(Value.Long(IntegerValue(token, negative: false)), token.Span);

            case TokenKind.String:
                Advance();
                return new LiteralExpr(Value.String(StringLiteral.Unescape(_text, token)), token.Span);

            case TokenKind.LeftParen:
                // The parentheses leave no node: the inner expression keeps its own span.
                Advance();
                var inner = ParseExpr();
                Expect(TokenKind.RightParen, "`)`");
                return inner;

            case TokenKind.LeftBracket:
                return ParseSet();

            case TokenKind.LeftBrace:
                return ParseRecord();

            case TokenKind.Slot:
                throw TemplatesNotSupported(token);

            case TokenKind.Identifier when token.Keyword is Keyword.True or Keyword.False:
                Advance();
                return new LiteralExpr(Value.Bool(token.Keyword == Keyword.True), token.Span);

            case TokenKind.Identifier when token.Keyword == Keyword.If:
                throw Error("an `if` expression must be in parentheses when it is an operand", token);

            case TokenKind.Identifier:
                return ParseNamePrimary();

            default:
                throw Error($"expected an expression, found {Describe(token)}", token);
        }
    }

    /// <summary>A primary that starts with a name: variable, entity uid, or extension function call.</summary>
    private Expr ParseNamePrimary()
    {
        var first = Current;
        var start = _position;
        var end = PathEnd(start);
        var after = TokenAt(end);
        var single = end == start + 1;

        if (after.Kind == TokenKind.DoubleColon)
        {
            var id = TokenAt(end + 1);
            if (id.Kind == TokenKind.String)
            {
                var type = ValidatedPath(start, end);
                _position = end + 2;
                var uid = new EntityUid(type, StringLiteral.Unescape(_text, id));
                return new LiteralExpr(Value.Entity(uid), SpanFrom(first, id.End));
            }

            if (id.Kind == TokenKind.LeftBrace)
            {
                throw Error("invalid entity literal: an entity literal has the form `Namespace::Type::\"id\"`", first);
            }

            throw Error($"expected an entity id string or a name after `::`, found {Describe(id)}", id);
        }

        if (single && first.Keyword is Keyword.Principal or Keyword.Action or Keyword.Resource or Keyword.Context)
        {
            if (after.Kind == TokenKind.LeftParen)
            {
                throw Error($"`{TextOf(first)}(...)` is not a valid function call", first);
            }

            Advance();
            return new VariableExpr(VariableOf(first.Keyword), first.Span);
        }

        var path = ValidatedPath(start, end);
        switch (after.Kind)
        {
            case TokenKind.LeftParen:
                if (!single || !ExtensionFunctions.IsFunction(path))
                {
                    throw Error(
                        single && (ExtensionFunctions.IsMethod(path) || IsBuiltInMethod(path))
                            ? $"`{path}` is a method, not a function"
                            : $"`{path}` is not a valid function",
                        first);
                }

                _position = end;
                var arguments = ParseArguments();
                return new FunctionCallExpr(path, arguments, SpanFrom(first, PreviousEnd));

            case TokenKind.Dot:
                var member = TokenAt(end + 1);
                throw Error(
                    member.IsIdentifier && TokenAt(end + 2).Kind == TokenKind.LeftParen
                        ? $"attempted to call `{path}.{TextOf(member)}(...)`, but `{path}` does not have any methods"
                        : $"invalid member access `{path}.{(member.IsIdentifier ? TextOf(member) : "")}`, `{path}` has no fields or methods",
                    first);

            case TokenKind.LeftBracket:
                throw Error($"invalid indexing expression `{path}[...]`, `{path}` has no fields", first);

            default:
                throw Error(
                    $"invalid variable: {path}; the variables are `principal`, `action`, `resource` and `context` " +
                    "(a string must be in quotes)",
                    first);
        }
    }

    private static bool IsBuiltInMethod(string name) =>
        name is "contains" or "containsAll" or "containsAny" or "isEmpty" or "hasTag" or "getTag";

    private static Variable VariableOf(Keyword keyword) => keyword switch
    {
        Keyword.Principal => Variable.Principal,
        Keyword.Action => Variable.Action,
        Keyword.Resource => Variable.Resource,
        _ => Variable.Context,
    };

    /// <summary><c>(a, b, ...)</c> with an optional trailing comma; the current token is <c>(</c>.</summary>
    private List<Expr> ParseArguments()
    {
        Advance();
        var arguments = new List<Expr>();
        while (Current.Kind != TokenKind.RightParen)
        {
            arguments.Add(ParseExpr());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        Expect(TokenKind.RightParen, "`,` or `)` in the argument list");
        return arguments;
    }

    private SetExpr ParseSet()
    {
        var first = Advance();
        var elements = new List<Expr>();
        while (Current.Kind != TokenKind.RightBracket)
        {
            elements.Add(ParseExpr());
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        var close = Expect(TokenKind.RightBracket, "`,` or `]` in the set");
        return new SetExpr(elements, SpanFrom(first, close.End));
    }

    /// <summary><c>{key: value, "quoted key": value}</c>; keys are distinct.</summary>
    private RecordExpr ParseRecord()
    {
        var first = Advance();
        var attributes = new List<KeyValuePair<string, Expr>>();
        HashSet<string>? keys = null;
        while (Current.Kind != TokenKind.RightBrace)
        {
            var keyToken = Current;
            string key;
            if (keyToken.Kind == TokenKind.String)
            {
                key = StringLiteral.Unescape(_text, keyToken);
            }
            else if (keyToken.IsIdentifier)
            {
                if (Peek(1).Kind == TokenKind.DoubleColon)
                {
                    var pathEnd = PathEnd(_position);
                    throw Error(
                        $"`{_text[keyToken.Offset..TokenAt(pathEnd - 1).End]}` cannot be used as an attribute as it contains a namespace",
                        keyToken);
                }

                key = ValidatedName(keyToken);
            }
            else
            {
                throw Error(
                    $"expected an attribute name (an identifier or a string literal), found {Describe(keyToken)}", keyToken);
            }

            Advance();
            Expect(TokenKind.Colon, "`:` after the attribute name");
            var value = ParseExpr();
            keys ??= new HashSet<string>(StringComparer.Ordinal);
            if (!keys.Add(key))
            {
                throw Error($"duplicate key `{key}` in record literal", keyToken);
            }

            attributes.Add(new KeyValuePair<string, Expr>(key, value));
            if (Current.Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        var close = Expect(TokenKind.RightBrace, "`,` or `}` in the record");
        return new RecordExpr(attributes, SpanFrom(first, close.End));
    }

    /// <summary>
    /// The value of an integer token. Cedar integers are 64-bit; the literal may reach 2^63 only
    /// when a minus sign is folded into it.
    /// </summary>
    private long IntegerValue(Token token, bool negative)
    {
        const ulong Limit = 9_223_372_036_854_775_808UL;
        var digits = _text.AsSpan(token.Offset, token.Length);
        ulong value = 0;
        var tooLarge = false;
        foreach (var digit in digits)
        {
            var d = (ulong)(digit - '0');
            if (value > (Limit - d) / 10)
            {
                tooLarge = true;
                break;
            }

            value = (value * 10) + d;
        }

        if (tooLarge || (!negative && value == Limit))
        {
            throw Error(
                $"integer literal `{digits}` is too large (the largest is 9223372036854775807, or -9223372036854775808 with a minus)",
                token);
        }

        return negative ? unchecked(-(long)value) : (long)value;
    }
}
