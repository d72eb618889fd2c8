using Tyr.Cedar.Values;

namespace Tyr.Cedar.Ast;

public enum ScopeKind
{
    /// <summary>No constraint: <c>principal</c>.</summary>
    Any,

    /// <summary><c>principal == E</c>.</summary>
    Equal,

    /// <summary><c>principal in E</c>, or for the action, <c>action in [E1, E2]</c>.</summary>
    In,

    /// <summary><c>principal is T</c>.</summary>
    Is,

    /// <summary><c>principal is T in E</c>.</summary>
    IsIn,
}

/// <summary>The constraint on one of principal, action or resource in a policy's head.</summary>
public sealed class ScopeConstraint
{
    public static readonly ScopeConstraint AnyEntity = new(ScopeKind.Any, null, [], false);

    public ScopeConstraint(ScopeKind kind, string? entityType, IReadOnlyList<EntityUid> entities, bool isList)
    {
        Kind = kind;
        EntityType = entityType;
        Entities = entities;
        IsList = isList;
    }

    public ScopeKind Kind { get; }

    /// <summary>The type after <c>is</c>.</summary>
    public string? EntityType { get; }

    /// <summary>The entity after <c>==</c> or <c>in</c>; several only for <c>action in [...]</c>.</summary>
    public IReadOnlyList<EntityUid> Entities { get; }

    /// <summary>True for <c>action in [...]</c>, even with one element.</summary>
    public bool IsList { get; }
}
