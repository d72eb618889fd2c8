using System.Runtime.CompilerServices;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Authorization;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Extensions;
using Tyr.Cedar.Values;
using static Tyr.Cedar.Evaluation.EvaluationErrors;

namespace Tyr.Cedar.Evaluation;

/// <summary>
/// Evaluates expressions for one request against one entity store. One evaluator serves every
/// policy of a request (and, after <see cref="Reset"/>, later requests on the same store); it is not
/// thread-safe. Errors are thrown as <see cref="EvaluationException"/> with the official wording.
/// </summary>
/// <remarks>
/// Operands are evaluated left to right, and all operands of an operator before any type check,
/// as the official evaluator does: when two things are wrong, the error reported is the same one.
/// </remarks>
internal sealed partial class Evaluator
{
    // The stack is checked once every this many levels of nesting: cheap, and early enough that a
    // deeply nested policy becomes an error instead of a crash of the whole process.
    private const int StackCheckInterval = 32;

    private readonly EntityStore _entities;
    private Request _request;
    private Value _principal;
    private Value _action;
    private Value _resource;
    private Value _context;
    private int _depth;

    public Evaluator(Request request, EntityStore entities)
    {
        _entities = entities;
        _request = request;
        Reset(request);
    }

    public Request Request => _request;

    public EntityStore Entities => _entities;

    /// <summary>Points the evaluator at another request over the same entities.</summary>
    public void Reset(Request request)
    {
        _request = request;
        _principal = Value.Entity(request.Principal);
        _action = Value.Entity(request.Action);
        _resource = Value.Entity(request.Resource);
        _context = Value.Record(request.Context);
    }

    /// <summary>Evaluates <paramref name="expr"/>; throws <see cref="EvaluationException"/> on an error.</summary>
    public Value Evaluate(Expr expr)
    {
        _depth = 0;
        return Eval(expr);
    }

    // The depth is not restored when an error unwinds; Evaluate starts each expression afresh.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Value Eval(Expr expr)
    {
        if (++_depth % StackCheckInterval == 0)
        {
            CheckStack();
        }

        var value = expr.Accept(this);
        _depth--;
        return value;
    }

    private static void CheckStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw RecursionLimit();
        }
    }

#pragma warning disable CA1822 // Part of the visitor that the nodes call on an instance.
    public Value Visit(LiteralExpr e) => e.Value;
#pragma warning restore CA1822

    public Value Visit(VariableExpr e) => e.Variable switch
    {
        Variable.Principal => _principal,
        Variable.Action => _action,
        Variable.Resource => _resource,
        _ => _context,
    };

    public Value Visit(IfExpr e) => Eval(Bool(Eval(e.Condition)) ? e.Then : e.Else);

    public Value Visit(AndExpr e) =>
        Bool(Eval(e.Left)) ? Value.Bool(Bool(Eval(e.Right))) : Value.False;

    public Value Visit(OrExpr e) =>
        Bool(Eval(e.Left)) ? Value.True : Value.Bool(Bool(Eval(e.Right)));

    public Value Visit(UnaryExpr e)
    {
        var operand = Eval(e.Operand);
        if (e.Op == UnaryOp.Not)
        {
            return Value.Bool(!Bool(operand));
        }

        var n = Long(operand);
        return n == long.MinValue ? throw NegationOverflow(n) : Value.Long(-n);
    }

    public Value Visit(BinaryExpr e)
    {
        var left = Eval(e.Left);
        var right = Eval(e.Right);
        return e.Op switch
        {
            BinaryOp.Equal => Value.Bool(left.Equals(right)),
            BinaryOp.NotEqual => Value.Bool(!left.Equals(right)),
            BinaryOp.Less => Value.Bool(Compare(left, right) < 0),
            BinaryOp.LessEqual => Value.Bool(Compare(left, right) <= 0),
            BinaryOp.Greater => Value.Bool(Compare(left, right) > 0),
            BinaryOp.GreaterEqual => Value.Bool(Compare(left, right) >= 0),
            BinaryOp.Add => Value.Long(Add(Long(left), Long(right))),
            BinaryOp.Subtract => Value.Long(Subtract(Long(left), Long(right))),
            BinaryOp.Multiply => Value.Long(Multiply(Long(left), Long(right))),
            _ => Value.Bool(IsIn(left, right)),
        };
    }

    public Value Visit(HasAttrExpr e)
    {
        var target = Eval(e.Target);
        return target.Kind switch
        {
            ValueKind.Record => Value.Bool(target.AsRecord.Has(e.Attribute)),

            // An entity missing from the store has no attributes, rather than being an error.
            ValueKind.Entity => Value.Bool(
                _entities.TryGet(target.AsEntity, out var entity) && entity.Attributes.Has(e.Attribute)),
            _ => throw TypeError(RecordOrEntity, target),
        };
    }

    public Value Visit(GetAttrExpr e)
    {
        var target = Eval(e.Target);
        Value value;
        switch (target.Kind)
        {
            case ValueKind.Record:
                return target.AsRecord.TryGet(e.Attribute, out value) ? value : throw RecordLacks(e.Attribute);
            case ValueKind.Entity:
                var uid = target.AsEntity;
                if (!_entities.TryGet(uid, out var entity))
                {
                    throw NoSuchEntity(uid);
                }

                return entity.Attributes.TryGet(e.Attribute, out value) ? value : throw EntityLacks(uid, e.Attribute);
            default:
                throw TypeError(RecordOrEntity, target);
        }
    }

    public Value Visit(LikeExpr e)
    {
        var target = Eval(e.Target);
        return target.Kind == ValueKind.String
            ? Value.Bool(e.Pattern.Matches(target.AsString))
            : throw TypeError("string", target);
    }

    /// <summary><c>e is T in x</c> means <c>e is T &amp;&amp; e in x</c>: <c>x</c> is evaluated only when the type matches.</summary>
    public Value Visit(IsExpr e)
    {
        var target = Eval(e.Target);
        var uid = Entity(target);
        if (!string.Equals(uid.Type, e.EntityType, StringComparison.Ordinal))
        {
            return Value.False;
        }

        return e.In is null ? Value.True : Value.Bool(IsIn(target, Eval(e.In)));
    }

    public Value Visit(MethodCallExpr e)
    {
        var receiver = Eval(e.Receiver);
        var arguments = e.Arguments;
        switch (e.Name)
        {
            case "contains":
                {
                    var argument = SingleArgument(e);
                    return Value.Bool(SetOf(receiver).Contains(argument));
                }

            case "containsAll":
                {
                    var argument = SingleArgument(e);
                    return Value.Bool(SetOf(receiver).ContainsAll(SetOf(argument)));
                }

            case "containsAny":
                {
                    var argument = SingleArgument(e);
                    return Value.Bool(SetOf(receiver).ContainsAny(SetOf(argument)));
                }

            case "isEmpty":
                ExpectArguments(e, 0);
                return Value.Bool(SetOf(receiver).Count == 0);
            case "hasTag":
                {
                    var key = SingleArgument(e);
                    var uid = Entity(receiver);
                    var tag = String(key);

                    // Like `has`, a tag of an entity missing from the store is simply absent.
                    return Value.Bool(_entities.TryGet(uid, out var entity) && entity.Tags.Has(tag));
                }

            case "getTag":
                {
                    var key = SingleArgument(e);
                    var uid = Entity(receiver);
                    var tag = String(key);
                    if (!_entities.TryGet(uid, out var entity))
                    {
                        throw NoSuchEntity(uid);
                    }

                    return entity.Tags.TryGet(tag, out var value) ? value : throw EntityLacksTag(uid, tag);
                }

            default:
                if (arguments.Count > ArgumentBuffer.Length)
                {
                    return ExtensionFunctions.CallMethod(e.Name, receiver, EvalAll(arguments));
                }

                var buffer = default(ArgumentBuffer);
                Span<Value> values = buffer;
                EvalInto(arguments, values);
                return ExtensionFunctions.CallMethod(e.Name, receiver, values[..arguments.Count]);
        }
    }

    public Value Visit(FunctionCallExpr e)
    {
        var arguments = e.Arguments;
        if (arguments.Count > ArgumentBuffer.Length)
        {
            return ExtensionFunctions.CallFunction(e.Name, EvalAll(arguments));
        }

        var buffer = default(ArgumentBuffer);
        Span<Value> values = buffer;
        EvalInto(arguments, values);
        return ExtensionFunctions.CallFunction(e.Name, values[..arguments.Count]);
    }

    public Value Visit(SetExpr e)
    {
        var elements = e.Elements;
        return elements.Count == 0 ? Value.Set(CedarSet.Empty) : Value.Set(CedarSet.From(EvalAll(elements)));
    }

    public Value Visit(RecordExpr e)
    {
        var attributes = e.Attributes;
        var values = new Dictionary<string, Value>(attributes.Count, StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < attributes.Count; i++)
            {
                var (name, expr) = attributes[i];
                values[name] = Eval(expr);
            }
        }
        catch (EvaluationException)
        {
            ThrowFirstErrorInKeyOrder(attributes);
            throw;
        }

        return Value.Record(new CedarRecord(values));
    }

    // The official evaluator keeps record literals sorted by key and evaluates them in that order,
    // so when several attributes fail, the error of the smallest key is the one reported. Evaluation
    // is pure, so replaying the attributes in that order on the (rare) error path finds it.
    private void ThrowFirstErrorInKeyOrder(IReadOnlyList<KeyValuePair<string, Expr>> attributes)
    {
        var sorted = new KeyValuePair<string, Expr>[attributes.Count];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = attributes[i];
        }

        Array.Sort(sorted, static (a, b) => Utf8Order.Compare(a.Key, b.Key));
        foreach (var (_, expr) in sorted)
        {
            Eval(expr);
        }
    }

    private Value SingleArgument(MethodCallExpr e)
    {
        ExpectArguments(e, 1);
        return Eval(e.Arguments[0]);
    }

    private static void ExpectArguments(MethodCallExpr e, int count)
    {
        if (e.Arguments.Count != count)
        {
            throw Arity(e.Name, count, e.Arguments.Count);
        }
    }

    private void EvalInto(IReadOnlyList<Expr> expressions, Span<Value> values)
    {
        for (var i = 0; i < expressions.Count; i++)
        {
            values[i] = Eval(expressions[i]);
        }
    }

    private Value[] EvalAll(IReadOnlyList<Expr> expressions)
    {
        var values = new Value[expressions.Count];
        EvalInto(expressions, values);
        return values;
    }

    /// <summary>
    /// Cedar's <c>in</c>: <paramref name="left"/> must be an entity and <paramref name="right"/> an
    /// entity or a set of entities; true when left equals or descends from (one of) them.
    /// </summary>
    private bool IsIn(Value left, Value right)
    {
        var child = Entity(left);
        if (right.Kind == ValueKind.Entity)
        {
            return _entities.IsInOrEqual(child, right.AsEntity);
        }

        if (right.Kind != ValueKind.Set)
        {
            throw TypeError(SetOrEntity, right);
        }

        // Every element must be an entity, even after a match; the official evaluator checks them
        // all first, in its set order, so the offending element reported is the least one.
        var found = false;
        Value? offending = null;
        foreach (var item in right.AsSet.Items)
        {
            if (item.Kind != ValueKind.Entity)
            {
                if (offending is not { } least || ComesBefore(item, least))
                {
                    offending = item;
                }
            }
            else if (!found && _entities.IsInOrEqual(child, item.AsEntity))
            {
                found = true;
            }
        }

        return offending is { } bad ? throw TypeError(AnyEntity, bad) : found;
    }

    // The official set order sorts by kind (bool, long, string, entity, set, record, extension,
    // which is ValueKind's order) and extension values by type name; only the type name of the
    // least non-entity matters for the error message.
    private static bool ComesBefore(Value a, Value b) =>
        a.Kind != b.Kind
            ? a.Kind < b.Kind
            : a.Kind == ValueKind.Extension &&
              string.CompareOrdinal(a.AsExtension.TypeName, b.AsExtension.TypeName) < 0;

    /// <summary>Orders two longs, or two datetimes, or two durations; anything else is a type error.</summary>
    private static int Compare(Value left, Value right)
    {
        if (left.Kind == ValueKind.Long && right.Kind == ValueKind.Long)
        {
            return left.AsLong.CompareTo(right.AsLong);
        }

        var leftOrdered = left.Kind == ValueKind.Extension && left.AsExtension.IsOrdered;
        var rightOrdered = right.Kind == ValueKind.Extension && right.AsExtension.IsOrdered;
        if (leftOrdered && rightOrdered &&
            string.Equals(left.AsExtension.TypeName, right.AsExtension.TypeName, StringComparison.Ordinal))
        {
            return left.AsExtension.CompareTo(right.AsExtension);
        }

        // The operand that fixes the expected type is the first long, else the first ordered
        // extension value; the error names the other one, as the official evaluator does.
        if (left.Kind == ValueKind.Long)
        {
            throw TypeError("long", right);
        }

        if (right.Kind == ValueKind.Long)
        {
            throw TypeError("long", left);
        }

        if (leftOrdered)
        {
            throw TypeError(left.AsExtension.TypeName, right);
        }

        if (rightOrdered)
        {
            throw TypeError(right.AsExtension.TypeName, left);
        }

        throw TypeError(Comparable, left);
    }

    private static long Add(long a, long b)
    {
        var sum = unchecked(a + b);
        return ((a ^ sum) & (b ^ sum)) < 0 ? throw Overflow("add", a, b) : sum;
    }

    private static long Subtract(long a, long b)
    {
        var difference = unchecked(a - b);
        return ((a ^ b) & (a ^ difference)) < 0 ? throw Overflow("subtract", a, b) : difference;
    }

    private static long Multiply(long a, long b)
    {
        var high = Math.BigMul(a, b, out var low);
        return high != (low >> 63) ? throw Overflow("multiply", a, b) : low;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Bool(Value v) => v.Kind == ValueKind.Bool ? v.AsBool : throw TypeError("bool", v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Long(Value v) => v.Kind == ValueKind.Long ? v.AsLong : throw TypeError("long", v);

    private static string String(Value v) => v.Kind == ValueKind.String ? v.AsString : throw TypeError("string", v);

    private static EntityUid Entity(Value v) => v.Kind == ValueKind.Entity ? v.AsEntity : throw TypeError(AnyEntity, v);

    private static CedarSet SetOf(Value v) => v.Kind == ValueKind.Set ? v.AsSet : throw TypeError("set", v);

    /// <summary>Room for the arguments of every extension function and method (at most two) without allocating.</summary>
    [InlineArray(Length)]
    private struct ArgumentBuffer
    {
        public const int Length = 2;

        private Value _element;
    }
}
