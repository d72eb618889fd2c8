using Tyr.Cedar.Ast;

namespace Tyr.Cedar.Syntax;

/// <summary>Recursive-descent parser for Cedar policies (STUB: being written).</summary>
internal static class Parser
{
    public static PolicySet ParsePolicySet(string text) => throw new NotImplementedException();

    public static Expr ParseExpression(string text) => throw new NotImplementedException();

    public static Values.EntityUid ParseEntityUid(string text) => throw new NotImplementedException();
}
