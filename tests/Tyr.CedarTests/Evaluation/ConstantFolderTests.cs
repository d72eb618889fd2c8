using Tyr.Cedar.Ast;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;
using static Tyr.CedarTests.Evaluation.TestWorld;

namespace Tyr.CedarTests.Evaluation;

/// <summary>
/// Constant folding for policies evaluated many times. That folding never changes a result is
/// checked by every expression test (see <see cref="TestWorld.Evaluate"/>); these check what is folded.
/// </summary>
public sealed class ConstantFolderTests
{
    [Fact]
    public void ConstantSetsBecomeValues()
    {
        var call = Assert.IsType<MethodCallExpr>(Fold("[\"rm\", \"dd\"].contains(context.s)"));
        var set = Assert.IsType<LiteralExpr>(call.Receiver);
        Assert.Equal(Evaluate("[\"dd\", \"rm\"]"), set.Value);
        Assert.IsType<GetAttrExpr>(call.Arguments[0]);
    }

    [Fact]
    public void ExtensionConstructorsAndNestedConstantsBecomeValues()
    {
        var record = Assert.IsType<LiteralExpr>(Fold("{net: ip(\"10.0.0.0/8\"), limits: [decimal(\"1.5\"), {a: 1}]}"));
        Assert.Equal(Evaluate("{limits: [{a: 1}, decimal(\"1.5\")], net: ip(\"10.0.0.0/8\")}"), record.Value);
    }

    [Fact]
    public void WhatDependsOnTheRequestStays()
    {
        var set = Assert.IsType<SetExpr>(Fold("[ip(\"10.0.0.1\"), context.n]"));
        Assert.IsType<LiteralExpr>(set.Elements[0]);
        Assert.IsType<GetAttrExpr>(set.Elements[1]);
        Assert.IsType<RecordExpr>(Fold("{a: [1], b: principal}"));
    }

    [Fact]
    public void AConstantThatFailsIsLeftToFailWhenEvaluated()
    {
        var and = Assert.IsType<AndExpr>(Fold("context.n == 1 && ip(\"x\").isIpv4()"));
        var call = Assert.IsType<MethodCallExpr>(and.Right);
        Assert.IsType<FunctionCallExpr>(call.Receiver);
        Assert.Equal(Value.False, Evaluate("context.n == 1 && ip(\"x\").isIpv4()"));
        Assert.Equal(
            "error while evaluating `ipaddr` extension function: invalid IP address: x",
            ErrorOf("context.n == 5 && ip(\"x\").isIpv4()"));
    }

    [Fact]
    public void AnExpressionWithoutConstantsIsReturnedAsItIs()
    {
        var parsed = CedarText.ParseExpression("principal in Group::\"g1\" && context.n > 3 || principal.age < 1");
        Assert.Same(parsed, ConstantFolder.Fold(parsed));
    }

    [Fact]
    public void FoldedConstantsCostNoAllocationPerEvaluation()
    {
        var expression = ConstantFolder.Fold(CedarText.ParseExpression(
            "[\"x\", \"y\", \"z\"].contains(context.s) && [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].contains(context.n) && " +
            "{k: 1} == context.r && ip(\"10.0.0.1\").isInRange(ip(\"10.0.0.0/8\"))"));
        var evaluator = new Evaluator(AliceViewsPhoto, Entities);
        Assert.Equal(Value.True, evaluator.Evaluate(expression));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            evaluator.Evaluate(expression);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static Expr Fold(string expression) => ConstantFolder.Fold(CedarText.ParseExpression(expression));
}
