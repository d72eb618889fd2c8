using System.Text;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Syntax;

/// <summary>Names: <c>A::B</c> paths, entity types and uids, attribute names, and the reserved words.</summary>
internal sealed partial class Parser
{
    /// <summary>Cedar reserves this identifier for its own future use, anywhere in a name.</summary>
    private const string ReservedName = "__cedar";

    /// <summary>
    /// The index just past the path <c>ident {:: ident}</c> that starts at token <paramref name="start"/>
    /// (which must be an identifier). A trailing <c>::</c> not followed by an identifier is not part of it.
    /// </summary>
    private int PathEnd(int start)
    {
        var end = start + 1;
        while (TokenAt(end).Kind == TokenKind.DoubleColon && TokenAt(end + 1).IsIdentifier)
        {
            end += 2;
        }

        return end;
    }

    /// <summary>The path in tokens [<paramref name="start"/>, <paramref name="end"/>) as <c>A::B</c>, refusing reserved words.</summary>
    private string ValidatedPath(int start, int end)
    {
        for (var i = start; i < end; i += 2)
        {
            CheckNotReservedWord(_tokens[i]);
        }

        string path;
        if (end == start + 1)
        {
            path = TextOf(_tokens[start]);
        }
        else
        {
            var sb = new StringBuilder();
            for (var i = start; i < end; i += 2)
            {
                if (i > start)
                {
                    sb.Append("::");
                }

                sb.Append(_text, _tokens[i].Offset, _tokens[i].Length);
            }

            path = sb.ToString();
        }

        for (var i = start; i < end; i += 2)
        {
            if (_text.AsSpan(_tokens[i].Offset, _tokens[i].Length).SequenceEqual(ReservedName))
            {
                throw Error($"The name `{path}` contains `{ReservedName}`, which is reserved", _tokens[start]);
            }
        }

        return path;
    }

    /// <summary>An attribute or method name: any identifier but the reserved words and <c>__cedar</c>.</summary>
    private string ValidatedName(Token token)
    {
        CheckNotReservedWord(token);
        var name = TextOf(token);
        if (name == ReservedName)
        {
            throw Error($"The name `{name}` contains `{ReservedName}`, which is reserved", token);
        }

        return name;
    }

    private void CheckNotReservedWord(Token token)
    {
        if (token.IsReserved)
        {
            throw Error($"this identifier is reserved and cannot be used: {TextOf(token)}", token);
        }
    }

    /// <summary><c>Type::"id"</c> at the current token.</summary>
    private EntityUid ParseEntityUidLiteral()
    {
        var first = Current;
        if (!first.IsIdentifier)
        {
            throw Error($"expected an entity uid such as `User::\"alice\"`, found {Describe(first)}", first);
        }

        var end = PathEnd(_position);
        var id = TokenAt(end + 1);
        if (TokenAt(end).Kind != TokenKind.DoubleColon || id.Kind != TokenKind.String)
        {
            var at = TokenAt(end).Kind == TokenKind.DoubleColon ? id : TokenAt(end);
            var expected = TokenAt(end).Kind == TokenKind.DoubleColon ? "the id string" : "`::` and the id string";
            throw Error($"expected {expected} of an entity uid, found {Describe(at)}", at);
        }

        var type = ValidatedPath(_position, end);
        _position = end + 2;
        return new EntityUid(type, StringLiteral.Unescape(_text, id));
    }

    /// <summary>The entity type after <c>is</c>: a path, and nothing that would make it a larger operand.</summary>
    private string ParseEntityTypeAfterIs()
    {
        var first = Current;
        if (first.IsIdentifier)
        {
            var end = PathEnd(_position);
            if (!ContinuesOperand(TokenAt(end).Kind))
            {
                var type = ValidatedPath(_position, end);
                _position = end;
                return type;
            }
        }

        throw OperandError("right hand side of an `is` expression must be an entity type name", "an entity type name after `is`");
    }

    /// <summary>
    /// Tokens that extend an operand (Cedar's <c>Add</c>) to the right. After the right-hand side of
    /// <c>has</c>, <c>like</c> or <c>is</c>, one of these means the operand is more than a name or literal.
    /// </summary>
    private static bool ContinuesOperand(TokenKind kind) => kind is TokenKind.Dot or TokenKind.LeftBracket
        or TokenKind.LeftParen or TokenKind.DoubleColon or TokenKind.Star or TokenKind.Slash or TokenKind.Percent
        or TokenKind.Plus or TokenKind.Minus;

    /// <summary>
    /// An error about the operand at the current token: "<paramref name="problem"/>, but got `source`",
    /// quoting the operand's text as far as it reaches.
    /// </summary>
    private CedarParseException OperandError(string problem, string expected)
    {
        var first = Current;
        var end = OperandEnd(_position);
        if (end == _position)
        {
            return Error($"expected {expected}, found {Describe(first)}", first);
        }

        return Error($"{problem}, but got `{_text[first.Offset..TokenAt(end - 1).End]}`", first);
    }

    /// <summary>
    /// Where the operand starting at token <paramref name="start"/> ends, by bracket matching: only
    /// for quoting it in a message, so it need not follow the grammar exactly.
    /// </summary>
    private int OperandEnd(int start)
    {
        var depth = 0;
        var i = start;
        while (true)
        {
            var token = TokenAt(i);
            switch (token.Kind)
            {
                case TokenKind.End:
                    return i;
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace:
                    if (depth == 0)
                    {
                        return i;
                    }

                    depth--;
                    break;
                default:
                    if (depth == 0 && EndsOperand(token))
                    {
                        return i;
                    }

                    break;
            }

            i++;
        }
    }

    private static bool EndsOperand(Token token) => token.Kind is TokenKind.Comma or TokenKind.Semicolon
        or TokenKind.Colon or TokenKind.AndAnd or TokenKind.OrOr or TokenKind.EqualEqual or TokenKind.NotEqual
        or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.Assign
        or TokenKind.At
        || token.Keyword is Keyword.In or Keyword.Has or Keyword.Like or Keyword.Is or Keyword.Then or Keyword.Else;
}
