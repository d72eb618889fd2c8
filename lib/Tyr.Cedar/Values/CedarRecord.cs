namespace Tyr.Cedar.Values;

/// <summary>An immutable Cedar record: attribute names to values.</summary>
public sealed class CedarRecord : IEquatable<CedarRecord>
{
    private readonly Dictionary<string, Value> _attributes;

    public static readonly CedarRecord Empty = new(new Dictionary<string, Value>(StringComparer.Ordinal));

    /// <summary>Takes ownership of <paramref name="attributes"/>: the caller must not change it afterwards.</summary>
    public CedarRecord(Dictionary<string, Value> attributes) => _attributes = attributes;

    public int Count => _attributes.Count;

    public IReadOnlyDictionary<string, Value> Attributes => _attributes;

    public bool TryGet(string name, out Value value) => _attributes.TryGetValue(name, out value);

    public bool Has(string name) => _attributes.ContainsKey(name);

    public bool Equals(CedarRecord? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var (k, v) in _attributes)
        {
            if (!other._attributes.TryGetValue(k, out var ov) || !v.Equals(ov))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is CedarRecord r && Equals(r);

    public override int GetHashCode()
    {
        var h = 0;
        foreach (var (k, v) in _attributes)
        {
            h ^= HashCode.Combine(string.GetHashCode(k, StringComparison.Ordinal), v);
        }

        return HashCode.Combine(Count, h);
    }

    public override string ToString() =>
        "{" + string.Join(", ", _attributes.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => CedarString.Quote(kv.Key) + ": " + kv.Value)) + "}";
}
