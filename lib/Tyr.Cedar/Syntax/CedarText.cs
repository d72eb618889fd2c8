using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Syntax;

/// <summary>Public entry points to the parser. All throw <see cref="CedarParseException"/> with line and column.</summary>
public static class CedarText
{
    public static PolicySet ParsePolicies(string text) => Parser.ParsePolicySet(text);

    public static Expr ParseExpression(string text) => Parser.ParseExpression(text);

    /// <summary>An entity uid in Cedar syntax: <c>User::"alice"</c>, <c>A::B::"x"</c>.</summary>
    public static EntityUid ParseEntityUid(string text) => Parser.ParseEntityUid(text);
}
