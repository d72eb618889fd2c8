using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Tyr.Cedar.Values;

/// <summary>
/// One Cedar value. A struct so that booleans and longs, the bulk of what evaluation produces,
/// cost no allocation; everything else is a reference to an immutable object.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public readonly struct Value : IEquatable<Value>
{
    private readonly object? _reference;
    private readonly long _bits;

    /// <summary>The type of this value.</summary>
    public ValueKind Kind { get; }

    private Value(ValueKind kind, long bits, object? reference)
    {
        Kind = kind;
        _bits = bits;
        _reference = reference;
    }

    public static readonly Value True = new(ValueKind.Bool, 1, null);
    public static readonly Value False = new(ValueKind.Bool, 0, null);

    public static Value Bool(bool b) => b ? True : False;

    public static Value Long(long l) => new(ValueKind.Long, l, null);

    public static Value String(string s) => new(ValueKind.String, 0, s);

    public static Value Entity(EntityUid uid) => new(ValueKind.Entity, 0, uid);

    public static Value Set(CedarSet set) => new(ValueKind.Set, 0, set);

    public static Value Record(CedarRecord record) => new(ValueKind.Record, 0, record);

    public static Value Extension(ExtensionValue extension) => new(ValueKind.Extension, 0, extension);

    public bool IsBool => Kind == ValueKind.Bool;

    public bool AsBool
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get { Debug.Assert(Kind == ValueKind.Bool); return _bits != 0; }
    }

    public long AsLong
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get { Debug.Assert(Kind == ValueKind.Long); return _bits; }
    }

    public string AsString => (string)_reference!;

    public EntityUid AsEntity => (EntityUid)_reference!;

    public CedarSet AsSet => (CedarSet)_reference!;

    public CedarRecord AsRecord => (CedarRecord)_reference!;

    public ExtensionValue AsExtension => (ExtensionValue)_reference!;

    /// <summary>Cedar's <c>==</c>: structural, and false (never an error) across types.</summary>
    public bool Equals(Value other)
    {
        if (Kind != other.Kind)
        {
            return false;
        }

        return Kind switch
        {
            ValueKind.Bool or ValueKind.Long => _bits == other._bits,
            ValueKind.String => string.Equals(AsString, other.AsString, StringComparison.Ordinal),
            _ => _reference!.Equals(other._reference),
        };
    }

    public override bool Equals(object? obj) => obj is Value v && Equals(v);

    public override int GetHashCode() => Kind switch
    {
        ValueKind.Bool or ValueKind.Long => HashCode.Combine(Kind, _bits),
        ValueKind.String => HashCode.Combine(Kind, string.GetHashCode(AsString, StringComparison.Ordinal)),
        _ => HashCode.Combine(Kind, _reference!.GetHashCode()),
    };

    public static bool operator ==(Value left, Value right) => left.Equals(right);

    public static bool operator !=(Value left, Value right) => !left.Equals(right);

    /// <summary>The name Cedar uses for this value's type in error messages.</summary>
    public string TypeName => Kind switch
    {
        ValueKind.Bool => "bool",
        ValueKind.Long => "long",
        ValueKind.String => "string",
        ValueKind.Entity => $"(entity of type `{AsEntity.Type}`)",
        ValueKind.Set => "set",
        ValueKind.Record => "record",
        _ => AsExtension.TypeName,
    };

    /// <summary>Cedar source text for this value (a literal or an expression that builds it).</summary>
    public override string ToString() => Kind switch
    {
        ValueKind.Bool => AsBool ? "true" : "false",
        ValueKind.Long => AsLong.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ValueKind.String => CedarString.Quote(AsString),
        _ => _reference!.ToString()!,
    };
}
