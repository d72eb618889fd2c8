using Tyr.Cedar.Evaluation;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Ast;

/// <summary>
/// A Cedar expression. Nodes are immutable data; <see cref="Evaluator"/> holds the semantics and
/// each node dispatches to it with one virtual call.
/// </summary>
public abstract class Expr
{
    protected Expr(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    internal abstract Value Accept(Evaluator evaluator);
}

/// <summary>The four request variables.</summary>
public enum Variable
{
    Principal,
    Action,
    Resource,
    Context,
}

public enum UnaryOp
{
    Not,
    Negate,
}

public enum BinaryOp
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Add,
    Subtract,
    Multiply,
    In,
}

/// <summary>A literal: bool, long, string or entity uid.</summary>
public sealed class LiteralExpr(Value value, SourceSpan span) : Expr(span)
{
    public Value Value { get; } = value;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class VariableExpr(Variable variable, SourceSpan span) : Expr(span)
{
    public Variable Variable { get; } = variable;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class IfExpr(Expr condition, Expr then, Expr @else, SourceSpan span) : Expr(span)
{
    public Expr Condition { get; } = condition;

    public Expr Then { get; } = then;

    public Expr Else { get; } = @else;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>&amp;&amp;</c>, short-circuit.</summary>
public sealed class AndExpr(Expr left, Expr right, SourceSpan span) : Expr(span)
{
    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>||</c>, short-circuit.</summary>
public sealed class OrExpr(Expr left, Expr right, SourceSpan span) : Expr(span)
{
    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class UnaryExpr(UnaryOp op, Expr operand, SourceSpan span) : Expr(span)
{
    public UnaryOp Op { get; } = op;

    public Expr Operand { get; } = operand;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class BinaryExpr(BinaryOp op, Expr left, Expr right, SourceSpan span) : Expr(span)
{
    public BinaryOp Op { get; } = op;

    public Expr Left { get; } = left;

    public Expr Right { get; } = right;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>e has a</c>. The parser turns <c>e has a.b</c> into <c>e has a &amp;&amp; e.a has b</c>.</summary>
public sealed class HasAttrExpr(Expr target, string attribute, SourceSpan span) : Expr(span)
{
    public Expr Target { get; } = target;

    public string Attribute { get; } = attribute;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>e.a</c> or <c>e["a"]</c>.</summary>
public sealed class GetAttrExpr(Expr target, string attribute, SourceSpan span) : Expr(span)
{
    public Expr Target { get; } = target;

    public string Attribute { get; } = attribute;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class LikeExpr(Expr target, LikePattern pattern, SourceSpan span) : Expr(span)
{
    public Expr Target { get; } = target;

    public LikePattern Pattern { get; } = pattern;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>e is T</c>, or <c>e is T in x</c> when <see cref="In"/> is set.</summary>
public sealed class IsExpr(Expr target, string entityType, Expr? @in, SourceSpan span) : Expr(span)
{
    public Expr Target { get; } = target;

    public string EntityType { get; } = entityType;

    public Expr? In { get; } = @in;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>receiver.name(args)</c>: set methods, tags, and extension methods.</summary>
public sealed class MethodCallExpr(Expr receiver, string name, IReadOnlyList<Expr> arguments, SourceSpan span) : Expr(span)
{
    public Expr Receiver { get; } = receiver;

    public string Name { get; } = name;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary><c>name(args)</c>: the extension constructors <c>ip</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>.</summary>
public sealed class FunctionCallExpr(string name, IReadOnlyList<Expr> arguments, SourceSpan span) : Expr(span)
{
    public string Name { get; } = name;

    public IReadOnlyList<Expr> Arguments { get; } = arguments;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

public sealed class SetExpr(IReadOnlyList<Expr> elements, SourceSpan span) : Expr(span)
{
    public IReadOnlyList<Expr> Elements { get; } = elements;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}

/// <summary>A record literal; attribute names are distinct (the parser refuses duplicates).</summary>
public sealed class RecordExpr(IReadOnlyList<KeyValuePair<string, Expr>> attributes, SourceSpan span) : Expr(span)
{
    public IReadOnlyList<KeyValuePair<string, Expr>> Attributes { get; } = attributes;

    internal override Value Accept(Evaluator evaluator) => evaluator.Visit(this);
}
