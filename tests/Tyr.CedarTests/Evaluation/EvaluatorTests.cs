using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Syntax;
using Tyr.Cedar.Values;
using static Tyr.CedarTests.Evaluation.TestWorld;

namespace Tyr.CedarTests.Evaluation;

/// <summary>The evaluator as a component: reuse, cost, and limits.</summary>
public sealed class EvaluatorTests
{
    private static readonly SourceSpan s_noSpan = new(0, 0, 1, 1);

    [Fact]
    public void AnEvaluatorIsReusedForAnotherRequestAfterReset()
    {
        var expression = CedarText.ParseExpression("principal in Group::\"g3\" && context.n > 3");
        var evaluator = new Evaluator(AliceViewsPhoto, Entities);
        Assert.Equal(Value.True, evaluator.Evaluate(expression));

        evaluator.Reset(AliceViewsPhoto with { Principal = new EntityUid("User", "bob") });
        Assert.Equal(Value.False, evaluator.Evaluate(expression));

        evaluator.Reset(AliceViewsPhoto with { Context = Record(("n", Value.Long(1))) });
        Assert.Equal(Value.False, evaluator.Evaluate(expression));
    }

    [Fact]
    public void AnErrorDoesNotSpoilTheNextEvaluation()
    {
        var evaluator = new Evaluator(AliceViewsPhoto, Entities);
        Assert.Throws<EvaluationException>(() => evaluator.Evaluate(CedarText.ParseExpression("principal.nope")));
        Assert.Equal(Value.Long(31), evaluator.Evaluate(CedarText.ParseExpression("principal.age + 1")));
    }

    [Fact]
    public void BooleanAndLongResultsDoNotAllocate()
    {
        var expression = CedarText.ParseExpression(
            "principal in Group::\"g3\" && principal.age + context.n * 2 - 1 >= 39 && " +
            "context.r.k == 1 && principal has name && !(resource is User) && principal.name like \"Al*\" && " +
            "(if context.s == \"x\" then principal.hasTag(\"color\") else false) && -context.n < 0");
        var evaluator = new Evaluator(AliceViewsPhoto, Entities);
        Assert.Equal(Value.True, evaluator.Evaluate(expression));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            evaluator.Evaluate(expression);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void DeepNestingIsAnErrorRatherThanACrash()
    {
        Expr expression = new LiteralExpr(Value.True, s_noSpan);
        for (var i = 0; i < 1_000_000; i++)
        {
            expression = new UnaryExpr(UnaryOp.Not, expression, s_noSpan);
        }

        var error = Assert.Throws<EvaluationException>(() => new Evaluator(AliceViewsPhoto, Entities).Evaluate(expression));
        Assert.Equal("recursion limit reached", error.Message);
    }

    [Fact]
    public void ModerateNestingEvaluates()
    {
        Expr expression = new LiteralExpr(Value.Long(0), s_noSpan);
        for (var i = 0; i < 1000; i++)
        {
            expression = new BinaryExpr(BinaryOp.Add, expression, new LiteralExpr(Value.Long(1), s_noSpan), s_noSpan);
        }

        Assert.Equal(Value.Long(1000), new Evaluator(AliceViewsPhoto, Entities).Evaluate(expression));
    }

    [Theory]
    [InlineData("contains", 0, "call to `contains` requires exactly 1 argument, but got 0 arguments")]
    [InlineData("containsAll", 2, "call to `containsAll` requires exactly 1 argument, but got 2 arguments")]
    [InlineData("isEmpty", 1, "call to `isEmpty` requires exactly 0 arguments, but got 1 argument")]
    public void BuiltInMethodsCheckTheirArity(string method, int arguments, string message)
    {
        // The parser refuses these; an AST built by other means gets the parser's wording.
        var args = new Expr[arguments];
        for (var i = 0; i < arguments; i++)
        {
            args[i] = new SetExpr([], s_noSpan);
        }

        var call = new MethodCallExpr(new SetExpr([], s_noSpan), method, args, s_noSpan);
        var error = Assert.Throws<EvaluationException>(() => new Evaluator(AliceViewsPhoto, Entities).Evaluate(call));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("a", "b", -1)]
    [InlineData("ab", "a", 1)]
    [InlineData("", "", 0)]
    [InlineData("\uFFFD", "\U00010000", -1)]
    [InlineData("\U00010000", "\uE000", 1)]
    [InlineData("\uD7FF", "\U00010000", -1)]
    public void RecordKeysOrderByCodePoint(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(Utf8Order.Compare(a, b)));

    [Fact]
    public void TheRequestVariablesAreTheRequestsOwn()
    {
        var request = new Request(
            new EntityUid("Agent", "a1"),
            new EntityUid("Action", "exec"),
            new EntityUid("File", "/bin/sh"),
            Record(("argv", Value.Set(CedarSet.From([Value.String("-c")])))));
        var evaluator = new Evaluator(request, Entities);
        Assert.Equal(Value.Entity(request.Principal), evaluator.Evaluate(CedarText.ParseExpression("principal")));
        Assert.Equal(Value.Entity(request.Action), evaluator.Evaluate(CedarText.ParseExpression("action")));
        Assert.Equal(Value.Entity(request.Resource), evaluator.Evaluate(CedarText.ParseExpression("resource")));
        Assert.Equal(Value.Record(request.Context), evaluator.Evaluate(CedarText.ParseExpression("context")));
        Assert.Equal(Value.True, evaluator.Evaluate(CedarText.ParseExpression("context.argv.contains(\"-c\")")));
    }
}
