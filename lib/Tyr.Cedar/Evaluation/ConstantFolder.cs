using System.Runtime.CompilerServices;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Evaluation;

/// <summary>
/// Replaces the constant set literals, record literals and extension constructor calls of an
/// expression (<c>["rm", "dd"]</c>, <c>ip("10.0.0.0/8")</c>) by their values, so that policies
/// evaluated many times do not rebuild them on every request.
/// </summary>
/// <remarks>
/// Only those three forms are folded: they are what costs allocation, and none of them depends on
/// the request or the entity store. A constant that fails to evaluate (<c>ip("x")</c>) is left as
/// it is, so that its error still happens at evaluation time, and only if it is evaluated.
/// </remarks>
internal static class ConstantFolder
{
    private static readonly Request s_nowhere = new(
        new EntityUid("Tyr", "nobody"), new EntityUid("Tyr", "nothing"), new EntityUid("Tyr", "nothing"), CedarRecord.Empty);

    public static Expr Fold(Expr expr)
    {
        // A tree too deep to walk here is left as it is: evaluation reports the depth itself.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return expr;
        }

        switch (expr)
        {
            case IfExpr e:
                {
                    var (condition, then, @else) = (Fold(e.Condition), Fold(e.Then), Fold(e.Else));
                    return Same(condition, e.Condition) && Same(then, e.Then) && Same(@else, e.Else)
                        ? e
                        : new IfExpr(condition, then, @else, e.Span);
                }

            case AndExpr e:
                {
                    var (left, right) = (Fold(e.Left), Fold(e.Right));
                    return Same(left, e.Left) && Same(right, e.Right) ? e : new AndExpr(left, right, e.Span);
                }

            case OrExpr e:
                {
                    var (left, right) = (Fold(e.Left), Fold(e.Right));
                    return Same(left, e.Left) && Same(right, e.Right) ? e : new OrExpr(left, right, e.Span);
                }

            case UnaryExpr e:
                {
                    var operand = Fold(e.Operand);
                    return Same(operand, e.Operand) ? e : new UnaryExpr(e.Op, operand, e.Span);
                }

            case BinaryExpr e:
                {
                    var (left, right) = (Fold(e.Left), Fold(e.Right));
                    return Same(left, e.Left) && Same(right, e.Right) ? e : new BinaryExpr(e.Op, left, right, e.Span);
                }

            case HasAttrExpr e:
                {
                    var target = Fold(e.Target);
                    return Same(target, e.Target) ? e : new HasAttrExpr(target, e.Attribute, e.Span);
                }

            case GetAttrExpr e:
                {
                    var target = Fold(e.Target);
                    return Same(target, e.Target) ? e : new GetAttrExpr(target, e.Attribute, e.Span);
                }

            case LikeExpr e:
                {
                    var target = Fold(e.Target);
                    return Same(target, e.Target) ? e : new LikeExpr(target, e.Pattern, e.Span);
                }

            case IsExpr e:
                {
                    var target = Fold(e.Target);
                    var @in = e.In is null ? null : Fold(e.In);
                    return Same(target, e.Target) && ReferenceEquals(@in, e.In)
                        ? e
                        : new IsExpr(target, e.EntityType, @in, e.Span);
                }

            case MethodCallExpr e:
                {
                    var receiver = Fold(e.Receiver);
                    var arguments = FoldAll(e.Arguments, out _);
                    return Same(receiver, e.Receiver) && ReferenceEquals(arguments, e.Arguments)
                        ? e
                        : new MethodCallExpr(receiver, e.Name, arguments, e.Span);
                }

            case FunctionCallExpr e:
                {
                    var arguments = FoldAll(e.Arguments, out var constant);
                    var folded = ReferenceEquals(arguments, e.Arguments) ? e : new FunctionCallExpr(e.Name, arguments, e.Span);
                    return constant ? ToLiteral(folded) : folded;
                }

            case SetExpr e:
                {
                    var elements = FoldAll(e.Elements, out var constant);
                    var folded = ReferenceEquals(elements, e.Elements) ? e : new SetExpr(elements, e.Span);
                    return constant ? ToLiteral(folded) : folded;
                }

            case RecordExpr e:
                return FoldRecord(e);

            default:
                return expr;
        }
    }

    private static Expr FoldRecord(RecordExpr e)
    {
        var constant = true;
        KeyValuePair<string, Expr>[]? changed = null;
        for (var i = 0; i < e.Attributes.Count; i++)
        {
            var (name, value) = e.Attributes[i];
            var folded = Fold(value);
            constant &= folded is LiteralExpr;
            if (!Same(folded, value))
            {
                changed ??= [.. e.Attributes];
                changed[i] = new KeyValuePair<string, Expr>(name, folded);
            }
        }

        Expr result = changed is null ? e : new RecordExpr(changed, e.Span);
        return constant ? ToLiteral(result) : result;
    }

    /// <summary>Folds each expression; returns the same list when nothing changed.</summary>
    private static IReadOnlyList<Expr> FoldAll(IReadOnlyList<Expr> expressions, out bool allLiterals)
    {
        allLiterals = true;
        Expr[]? changed = null;
        for (var i = 0; i < expressions.Count; i++)
        {
            var folded = Fold(expressions[i]);
            allLiterals &= folded is LiteralExpr;
            if (!Same(folded, expressions[i]))
            {
                changed ??= [.. expressions];
                changed[i] = folded;
            }
        }

        return changed ?? expressions;
    }

    private static Expr ToLiteral(Expr constant)
    {
        try
        {
            return new LiteralExpr(new Evaluator(s_nowhere, EntityStore.Empty).Evaluate(constant), constant.Span);
        }
        catch (EvaluationException)
        {
            return constant;
        }
    }

    private static bool Same(Expr a, Expr b) => ReferenceEquals(a, b);
}
