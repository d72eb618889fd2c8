using System.Text;

namespace Tyr.Cedar.Syntax;

/// <summary>
/// Splits Cedar text into tokens in one left-to-right pass. Whitespace and <c>//</c> comments are
/// skipped; string literals are kept escaped because <c>like</c> patterns unescape differently.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly List<Token> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private Lexer(string text) => _text = text;

    /// <summary>The tokens of <paramref name="text"/>, ending with one <see cref="TokenKind.End"/>.</summary>
    public static Token[] Tokenize(string text)
    {
        var lexer = new Lexer(text);
        lexer.Run();
        return [.. lexer._tokens];
    }

    private void Run()
    {
        while (true)
        {
            SkipWhitespaceAndComments();
            if (_position >= _text.Length)
            {
                Add(TokenKind.End, _position, 0);
                return;
            }

            ReadToken();
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                NewLineAt(_position);
                _position++;
            }
            else if (char.IsWhiteSpace(c))
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void ReadToken()
    {
        var start = _position;
        var c = _text[start];
        if (IsIdentifierStart(c))
        {
            var end = IdentifierEnd(start);
            Add(TokenKind.Identifier, start, end - start, KeywordOf(_text.AsSpan(start, end - start)));
            return;
        }

        if (char.IsAsciiDigit(c))
        {
            var end = start + 1;
            while (end < _text.Length && char.IsAsciiDigit(_text[end]))
            {
                end++;
            }

            Add(TokenKind.Integer, start, end - start);
            return;
        }

        switch (c)
        {
            case '"':
                ReadString(start);
                return;
            case '?' when start + 1 < _text.Length && IsIdentifierStart(_text[start + 1]):
                Add(TokenKind.Slot, start, IdentifierEnd(start + 1) - start);
                return;
            case '@': Add(TokenKind.At, start, 1); return;
            case '.': Add(TokenKind.Dot, start, 1); return;
            case ',': Add(TokenKind.Comma, start, 1); return;
            case ';': Add(TokenKind.Semicolon, start, 1); return;
            case '(': Add(TokenKind.LeftParen, start, 1); return;
            case ')': Add(TokenKind.RightParen, start, 1); return;
            case '{': Add(TokenKind.LeftBrace, start, 1); return;
            case '}': Add(TokenKind.RightBrace, start, 1); return;
            case '[': Add(TokenKind.LeftBracket, start, 1); return;
            case ']': Add(TokenKind.RightBracket, start, 1); return;
            case '+': Add(TokenKind.Plus, start, 1); return;
            case '-': Add(TokenKind.Minus, start, 1); return;
            case '*': Add(TokenKind.Star, start, 1); return;
            case '/': Add(TokenKind.Slash, start, 1); return;
            case '%': Add(TokenKind.Percent, start, 1); return;
            case ':': AddOneOrTwo(':', TokenKind.Colon, TokenKind.DoubleColon); return;
            case '=': AddOneOrTwo('=', TokenKind.Assign, TokenKind.EqualEqual); return;
            case '!': AddOneOrTwo('=', TokenKind.Bang, TokenKind.NotEqual); return;
            case '<': AddOneOrTwo('=', TokenKind.Less, TokenKind.LessEqual); return;
            case '>': AddOneOrTwo('=', TokenKind.Greater, TokenKind.GreaterEqual); return;
            case '&' when Peek(1) == '&': Add(TokenKind.AndAnd, start, 2); return;
            case '|' when Peek(1) == '|': Add(TokenKind.OrOr, start, 2); return;
            default:
                throw Error($"unexpected character `{CharacterAt(start)}`", start);
        }
    }

    private void AddOneOrTwo(char second, TokenKind one, TokenKind two)
    {
        if (Peek(1) == second)
        {
            Add(two, _position, 2);
        }
        else
        {
            Add(one, _position, 1);
        }
    }

    /// <summary>Finds the closing quote. Escapes are only skipped here; they are checked when the literal is used.</summary>
    private void ReadString(int start)
    {
        var line = _line;
        var column = start - _lineStart + 1;
        var i = start + 1;
        while (true)
        {
            if (i >= _text.Length)
            {
                throw new CedarParseException(
                    "unterminated string literal: no closing `\"`", line, column);
            }

            var c = _text[i];
            if (c == '"')
            {
                break;
            }

            if (c == '\\')
            {
                if (i + 1 >= _text.Length || _text[i + 1] == '\n')
                {
                    throw new CedarParseException(
                        "a string literal cannot end a line with `\\`; write `\\n` for a line break", line, column);
                }

                i += 2;
                continue;
            }

            if (c == '\n')
            {
                NewLineAt(i);
            }

            i++;
        }

        _tokens.Add(new Token(TokenKind.String, Keyword.None, start, i + 1 - start, line, column));
        _position = i + 1;
    }

    private void Add(TokenKind kind, int start, int length, Keyword keyword = Keyword.None)
    {
        _tokens.Add(new Token(kind, keyword, start, length, _line, start - _lineStart + 1));
        _position = start + length;
    }

    private void NewLineAt(int newline)
    {
        _line++;
        _lineStart = newline + 1;
    }

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private int IdentifierEnd(int start)
    {
        var end = start + 1;
        while (end < _text.Length && (IsIdentifierStart(_text[end]) || char.IsAsciiDigit(_text[end])))
        {
            end++;
        }

        return end;
    }

    private string CharacterAt(int offset) =>
        Rune.TryGetRuneAt(_text, offset, out var rune) ? rune.ToString() : _text[offset].ToString();

    private CedarParseException Error(string detail, int offset) =>
        new(detail, _line, offset - _lineStart + 1);

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static Keyword KeywordOf(ReadOnlySpan<char> word) => word switch
    {
        "true" => Keyword.True,
        "false" => Keyword.False,
        "if" => Keyword.If,
        "then" => Keyword.Then,
        "else" => Keyword.Else,
        "in" => Keyword.In,
        "has" => Keyword.Has,
        "like" => Keyword.Like,
        "is" => Keyword.Is,
        "permit" => Keyword.Permit,
        "forbid" => Keyword.Forbid,
        "when" => Keyword.When,
        "unless" => Keyword.Unless,
        "principal" => Keyword.Principal,
        "action" => Keyword.Action,
        "resource" => Keyword.Resource,
        "context" => Keyword.Context,
        _ => Keyword.None,
    };
}
