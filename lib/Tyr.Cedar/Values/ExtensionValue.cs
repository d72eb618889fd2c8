namespace Tyr.Cedar.Values;

/// <summary>
/// A value of an extension type (<c>ipaddr</c>, <c>decimal</c>, <c>datetime</c>, <c>duration</c>).
/// Subclasses are immutable and implement value equality.
/// </summary>
public abstract class ExtensionValue
{
    /// <summary>Cedar's name for the type, as in error messages: <c>ipaddr</c>, <c>decimal</c>.</summary>
    public abstract string TypeName { get; }

    /// <summary>The constructor function that builds this value from a string: <c>ip</c>, <c>decimal</c>.</summary>
    public abstract string ConstructorName { get; }

    /// <summary>The string argument of the constructor that yields this value, in canonical form.</summary>
    public abstract string ToCanonicalString();

    /// <summary>True for types that <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> accept (datetime, duration).</summary>
    public virtual bool IsOrdered => false;

    /// <summary>Orders two values of the same ordered type; only called when <see cref="IsOrdered"/>.</summary>
    public virtual int CompareTo(ExtensionValue other) => throw new NotSupportedException(TypeName + " is not ordered");

    public abstract override bool Equals(object? obj);

    public abstract override int GetHashCode();

    /// <summary>Cedar source that builds this value: <c>ip("10.0.0.0/8")</c>.</summary>
    public override string ToString() => ConstructorName + "(" + CedarString.Quote(ToCanonicalString()) + ")";
}
