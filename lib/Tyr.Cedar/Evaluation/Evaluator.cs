using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Evaluation;

/// <summary>Evaluates expressions for one request (STUB: being written).</summary>
internal sealed class Evaluator
{
    public Value Visit(LiteralExpr e) => throw new NotImplementedException();

    public Value Visit(VariableExpr e) => throw new NotImplementedException();

    public Value Visit(IfExpr e) => throw new NotImplementedException();

    public Value Visit(AndExpr e) => throw new NotImplementedException();

    public Value Visit(OrExpr e) => throw new NotImplementedException();

    public Value Visit(UnaryExpr e) => throw new NotImplementedException();

    public Value Visit(BinaryExpr e) => throw new NotImplementedException();

    public Value Visit(HasAttrExpr e) => throw new NotImplementedException();

    public Value Visit(GetAttrExpr e) => throw new NotImplementedException();

    public Value Visit(LikeExpr e) => throw new NotImplementedException();

    public Value Visit(IsExpr e) => throw new NotImplementedException();

    public Value Visit(MethodCallExpr e) => throw new NotImplementedException();

    public Value Visit(FunctionCallExpr e) => throw new NotImplementedException();

    public Value Visit(SetExpr e) => throw new NotImplementedException();

    public Value Visit(RecordExpr e) => throw new NotImplementedException();
}
