namespace Tyr.Cedar.Values;

/// <summary>An entity reference: a type name (possibly namespaced, <c>A::B</c>) and an id.</summary>
public sealed class EntityUid : IEquatable<EntityUid>
{
    private readonly int _hash;

    public EntityUid(string type, string id)
    {
        Type = type;
        Id = id;
        _hash = HashCode.Combine(
            string.GetHashCode(type, StringComparison.Ordinal),
            string.GetHashCode(id, StringComparison.Ordinal));
    }

    /// <summary>The entity type, namespaces included: <c>Tyr::Agent</c>.</summary>
    public string Type { get; }

    /// <summary>The id, unescaped.</summary>
    public string Id { get; }

    /// <summary>An action: its type is <c>Action</c> in any namespace (<c>Org::Action</c>).</summary>
    public bool IsAction =>
        Type == "Action" || Type.EndsWith("::Action", StringComparison.Ordinal);

    public bool Equals(EntityUid? other) =>
        ReferenceEquals(this, other) ||
        (other is not null && _hash == other._hash &&
         string.Equals(Id, other.Id, StringComparison.Ordinal) &&
         string.Equals(Type, other.Type, StringComparison.Ordinal));

    public override bool Equals(object? obj) => obj is EntityUid other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>Cedar syntax: <c>User::"alice"</c>.</summary>
    public override string ToString() => Type + "::" + CedarString.Quote(Id);
}
