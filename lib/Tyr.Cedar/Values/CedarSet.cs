namespace Tyr.Cedar.Values;

/// <summary>
/// An immutable Cedar set. Elements are kept distinct; membership is a scan for small sets and a
/// hash lookup for large ones, because policy sets are mostly a handful of literals.
/// </summary>
public sealed class CedarSet : IEquatable<CedarSet>
{
    private const int HashThreshold = 8;
    private readonly Value[] _items;
    private readonly HashSet<Value>? _index;

    public static readonly CedarSet Empty = new([]);

    private CedarSet(Value[] distinctItems)
    {
        _items = distinctItems;
        if (distinctItems.Length > HashThreshold)
        {
            _index = new HashSet<Value>(distinctItems);
        }
    }

    /// <summary>Builds a set, dropping duplicates (Cedar sets have no multiplicity).</summary>
    public static CedarSet From(IEnumerable<Value> values)
    {
        var list = new List<Value>();
        HashSet<Value>? seen = null;
        foreach (var v in values)
        {
            if (list.Count < HashThreshold)
            {
                if (!list.Contains(v))
                {
                    list.Add(v);
                }

                continue;
            }

            seen ??= new HashSet<Value>(list);
            if (seen.Add(v))
            {
                list.Add(v);
            }
        }

        return list.Count == 0 ? Empty : new CedarSet([.. list]);
    }

    public int Count => _items.Length;

    public ReadOnlySpan<Value> Items => _items;

    public bool Contains(Value v)
    {
        if (_index is not null)
        {
            return _index.Contains(v);
        }

        foreach (var item in _items)
        {
            if (item.Equals(v))
            {
                return true;
            }
        }

        return false;
    }

    public bool ContainsAll(CedarSet other)
    {
        foreach (var v in other._items)
        {
            if (!Contains(v))
            {
                return false;
            }
        }

        return true;
    }

    public bool ContainsAny(CedarSet other)
    {
        foreach (var v in other._items)
        {
            if (Contains(v))
            {
                return true;
            }
        }

        return false;
    }

    public bool Equals(CedarSet? other) =>
        other is not null && (ReferenceEquals(this, other) || (other.Count == Count && ContainsAll(other)));

    public override bool Equals(object? obj) => obj is CedarSet s && Equals(s);

    /// <summary>Order-independent, so that equal sets hash equally whatever their build order.</summary>
    public override int GetHashCode()
    {
        var h = 0;
        foreach (var v in _items)
        {
            h ^= v.GetHashCode();
        }

        return HashCode.Combine(_items.Length, h);
    }

    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
