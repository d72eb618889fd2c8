namespace Tyr.Cedar.Syntax;

/// <summary>The lexical classes of Cedar policy text.</summary>
internal enum TokenKind
{
    /// <summary>The end of the input; always the last token.</summary>
    End,

    /// <summary><c>[_a-zA-Z][_a-zA-Z0-9]*</c>, keywords included (see <see cref="Keyword"/>).</summary>
    Identifier,

    /// <summary><c>[0-9]+</c>; the sign is a separate token.</summary>
    Integer,

    /// <summary>A double-quoted string, still escaped.</summary>
    String,

    /// <summary><c>?principal</c>, <c>?resource</c> or another <c>?name</c>: a template slot.</summary>
    Slot,

    At,
    Dot,
    Comma,
    Semicolon,
    Colon,
    DoubleColon,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    EqualEqual,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    OrOr,
    AndAnd,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    Bang,

    /// <summary>A single <c>=</c>: never valid, lexed so the parser can suggest <c>==</c>.</summary>
    Assign,
}

/// <summary>The identifiers with a role in the grammar. Only some are reserved (see <see cref="Token.IsReserved"/>).</summary>
internal enum Keyword
{
    None,
    True,
    False,
    If,
    Then,
    Else,
    In,
    Has,
    Like,
    Is,
    Permit,
    Forbid,
    When,
    Unless,
    Principal,
    Action,
    Resource,
    Context,
}
