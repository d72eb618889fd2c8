using System.Text;
using Tyr.Cedar.Ast;
using Tyr.Cedar.Values;

namespace Tyr.CedarTests.Syntax;

/// <summary>
/// Prints an expression tree as a compact S-expression, so that tests can state the shape of a
/// parse in one line: <c>(|| (&amp;&amp; a b) c)</c>. Literals print in Cedar syntax, variables by name,
/// method calls as <c>(.name receiver args...)</c>, function calls as <c>(name args...)</c>.
/// </summary>
internal static class AstText
{
    public static string Of(Expr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr expr)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                WriteValue(sb, literal.Value);
                break;
            case VariableExpr variable:
                sb.Append(variable.Variable.ToString().ToLowerInvariant());
                break;
            case IfExpr @if:
                List(sb, "if", @if.Condition, @if.Then, @if.Else);
                break;
            case AndExpr and:
                List(sb, "&&", and.Left, and.Right);
                break;
            case OrExpr or:
                List(sb, "||", or.Left, or.Right);
                break;
            case UnaryExpr unary:
                List(sb, unary.Op == UnaryOp.Not ? "!" : "neg", unary.Operand);
                break;
            case BinaryExpr binary:
                List(sb, Operator(binary.Op), binary.Left, binary.Right);
                break;
            case HasAttrExpr has:
                sb.Append("(has ");
                Write(sb, has.Target);
                sb.Append(' ').Append(has.Attribute).Append(')');
                break;
            case GetAttrExpr get:
                sb.Append("(. ");
                Write(sb, get.Target);
                sb.Append(' ').Append(get.Attribute).Append(')');
                break;
            case LikeExpr like:
                sb.Append("(like ");
                Write(sb, like.Target);
                sb.Append(' ').Append(like.Pattern).Append(')');
                break;
            case IsExpr @is:
                sb.Append("(is ");
                Write(sb, @is.Target);
                sb.Append(' ').Append(@is.EntityType);
                if (@is.In is { } @in)
                {
                    sb.Append(' ');
                    Write(sb, @in);
                }

                sb.Append(')');
                break;
            case MethodCallExpr method:
                sb.Append("(.").Append(method.Name).Append(' ');
                Write(sb, method.Receiver);
                foreach (var argument in method.Arguments)
                {
                    sb.Append(' ');
                    Write(sb, argument);
                }

                sb.Append(')');
                break;
            case FunctionCallExpr function:
                sb.Append('(').Append(function.Name);
                foreach (var argument in function.Arguments)
                {
                    sb.Append(' ');
                    Write(sb, argument);
                }

                sb.Append(')');
                break;
            case SetExpr set:
                sb.Append('[');
                for (var i = 0; i < set.Elements.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(' ');
                    }

                    Write(sb, set.Elements[i]);
                }

                sb.Append(']');
                break;
            case RecordExpr record:
                sb.Append('{');
                for (var i = 0; i < record.Attributes.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(record.Attributes[i].Key).Append(": ");
                    Write(sb, record.Attributes[i].Value);
                }

                sb.Append('}');
                break;
            default:
                throw new ArgumentException($"unknown node {expr.GetType().Name}", nameof(expr));
        }
    }

    private static void List(StringBuilder sb, string head, params Expr[] items)
    {
        sb.Append('(').Append(head);
        foreach (var item in items)
        {
            sb.Append(' ');
            Write(sb, item);
        }

        sb.Append(')');
    }

    private static void WriteValue(StringBuilder sb, Value value)
    {
        switch (value.Kind)
        {
            case ValueKind.Bool:
                sb.Append(value.AsBool ? "true" : "false");
                break;
            case ValueKind.Long:
                sb.Append(value.AsLong);
                break;
            case ValueKind.String:
                sb.Append(CedarString.Quote(value.AsString));
                break;
            case ValueKind.Entity:
                sb.Append(value.AsEntity);
                break;
            default:
                throw new ArgumentException($"a literal cannot be a {value.Kind}", nameof(value));
        }
    }

    private static string Operator(BinaryOp op) => op switch
    {
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.Less => "<",
        BinaryOp.LessEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterEqual => ">=",
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.In => "in",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
