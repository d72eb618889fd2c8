using Tyr.Cedar.Ast;

namespace Tyr.Cedar.Syntax;

/// <summary>One token: its class and where it is. The text stays in the source (see <see cref="Text"/>).</summary>
internal readonly record struct Token(TokenKind Kind, Keyword Keyword, int Offset, int Length, int Line, int Column)
{
    public int End => Offset + Length;

    public SourceSpan Span => new(Offset, Length, Line, Column);

    /// <summary>Any identifier, keywords included: what may name an annotation, an attribute or a path segment.</summary>
    public bool IsIdentifier => Kind == TokenKind.Identifier;

    /// <summary>True for <c>if</c>, <c>true</c>, <c>false</c>, <c>then</c>, <c>else</c>, <c>in</c>, <c>has</c>, <c>like</c>, <c>is</c>: never usable as names.</summary>
    public bool IsReserved => Keyword is Keyword.True or Keyword.False or Keyword.If or Keyword.Then or Keyword.Else
        or Keyword.In or Keyword.Has or Keyword.Like or Keyword.Is;

    public bool Is(Keyword keyword) => Kind == TokenKind.Identifier && Keyword == keyword;

    public string Text(string source) => source.Substring(Offset, Length);
}
