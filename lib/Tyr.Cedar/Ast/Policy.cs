namespace Tyr.Cedar.Ast;

public enum Effect
{
    Permit,
    Forbid,
}

/// <summary>An annotation: <c>@key("value")</c>, or <c>@key</c> whose value is the empty string.</summary>
public sealed record Annotation(string Key, string Value);

/// <summary>A <c>when</c> (or, with <see cref="IsWhen"/> false, an <c>unless</c>) clause.</summary>
public sealed record Condition(bool IsWhen, Expr Body);

/// <summary>One static policy.</summary>
public sealed class Policy
{
    public Policy(
        string id,
        Effect effect,
        IReadOnlyList<Annotation> annotations,
        ScopeConstraint principal,
        ScopeConstraint action,
        ScopeConstraint resource,
        IReadOnlyList<Condition> conditions,
        SourceSpan span,
        string text)
    {
        Id = id;
        Effect = effect;
        Annotations = annotations;
        Principal = principal;
        Action = action;
        Resource = resource;
        Conditions = conditions;
        Span = span;
        Text = text;
    }

    /// <summary>The <c>@id</c> annotation's value, else <c>policyN</c> by position in the source.</summary>
    public string Id { get; }

    public Effect Effect { get; }

    public IReadOnlyList<Annotation> Annotations { get; }

    public ScopeConstraint Principal { get; }

    public ScopeConstraint Action { get; }

    public ScopeConstraint Resource { get; }

    public IReadOnlyList<Condition> Conditions { get; }

    public SourceSpan Span { get; }

    /// <summary>The policy's own source text, annotations included.</summary>
    public string Text { get; }

    public string? Annotation(string key)
    {
        foreach (var a in Annotations)
        {
            if (a.Key == key)
            {
                return a.Value;
            }
        }

        return null;
    }
}
