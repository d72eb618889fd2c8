namespace Tyr.CedarTests.Differential;

internal enum TypeKind
{
    Bool,
    Long,
    String,
    Entity,
    Set,
    Record,
    Ip,
    Decimal,
    Datetime,
    Duration,
}

/// <summary>An attribute (or record field) in the generator's schema, present with a probability.</summary>
internal sealed record AttrSpec(string Name, CedarType Type, double Presence = 1.0)
{
    public bool Optional => Presence < 1.0;
}

/// <summary>
/// The static type the generator aims for. Only the generator knows it: Cedar itself is untyped at
/// evaluation, which is how the deliberately wrong expressions turn into evaluation errors.
/// </summary>
internal sealed class CedarType
{
    private CedarType(TypeKind kind, string? entityType = null, CedarType? element = null, IReadOnlyList<AttrSpec>? fields = null)
    {
        Kind = kind;
        EntityType = entityType;
        Element = element;
        Fields = fields ?? [];
    }

    public TypeKind Kind { get; }

    /// <summary>For <see cref="TypeKind.Entity"/>: the entity type name.</summary>
    public string? EntityType { get; }

    /// <summary>For <see cref="TypeKind.Set"/>: the element type.</summary>
    public CedarType? Element { get; }

    /// <summary>For <see cref="TypeKind.Record"/>: the fields.</summary>
    public IReadOnlyList<AttrSpec> Fields { get; }

    public static readonly CedarType Bool = new(TypeKind.Bool);
    public static readonly CedarType Long = new(TypeKind.Long);
    public static readonly CedarType String = new(TypeKind.String);
    public static readonly CedarType Ip = new(TypeKind.Ip);
    public static readonly CedarType Decimal = new(TypeKind.Decimal);
    public static readonly CedarType Datetime = new(TypeKind.Datetime);
    public static readonly CedarType Duration = new(TypeKind.Duration);

    public static CedarType Entity(string type) => new(TypeKind.Entity, entityType: type);

    public static CedarType SetOf(CedarType element) => new(TypeKind.Set, element: element);

    public static CedarType Record(IReadOnlyList<AttrSpec> fields) => new(TypeKind.Record, fields: fields);

    public bool IsExtension => Kind is TypeKind.Ip or TypeKind.Decimal or TypeKind.Datetime or TypeKind.Duration;

    /// <summary>Structural match: entity types by name, sets by element, records by kind only.</summary>
    public bool Matches(CedarType other) =>
        Kind == other.Kind && Kind switch
        {
            TypeKind.Entity => EntityType == other.EntityType,
            TypeKind.Set => Element!.Matches(other.Element!),
            _ => true,
        };

    public override string ToString() => Kind switch
    {
        TypeKind.Entity => EntityType!,
        TypeKind.Set => $"Set<{Element}>",
        _ => Kind.ToString(),
    };
}
