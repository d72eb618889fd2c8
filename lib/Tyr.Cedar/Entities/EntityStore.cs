using Tyr.Cedar.Values;

namespace Tyr.Cedar.Entities;

/// <summary>
/// The entities an authorization request is judged against. The transitive closure of the parent
/// relation is computed once when the store is built, so <c>in</c> is one hash lookup per call.
/// A parent need not itself be in the store (Cedar allows dangling parents).
/// </summary>
public sealed class EntityStore
{
    private readonly Dictionary<EntityUid, Entity> _entities;
    private readonly Dictionary<EntityUid, HashSet<EntityUid>> _ancestors;

    public static readonly EntityStore Empty = new([]);

    /// <summary>
    /// Builds the store. Throws <see cref="ArgumentException"/> on a duplicate uid or a cycle in the
    /// parent relation (Cedar refuses both).
    /// </summary>
    public EntityStore(IEnumerable<Entity> entities)
    {
        _entities = [];
        foreach (var e in entities)
        {
            if (!_entities.TryAdd(e.Uid, e))
            {
                throw new ArgumentException($"duplicate entity {e.Uid}");
            }
        }

        _ancestors = new Dictionary<EntityUid, HashSet<EntityUid>>(_entities.Count);
        foreach (var uid in _entities.Keys)
        {
            AncestorsOf(uid, []);
        }
    }

    public int Count => _entities.Count;

    public IEnumerable<Entity> All => _entities.Values;

    public bool TryGet(EntityUid uid, out Entity entity) => _entities.TryGetValue(uid, out entity!);

    /// <summary>Cedar's <c>child in ancestor</c> for two entities: equal, or a transitive parent.</summary>
    public bool IsInOrEqual(EntityUid child, EntityUid ancestor) =>
        child.Equals(ancestor) || (_ancestors.TryGetValue(child, out var set) && set.Contains(ancestor));

    // Depth-first with memoization; an entity met again on the current path closes a cycle.
    private HashSet<EntityUid> AncestorsOf(EntityUid uid, HashSet<EntityUid> visiting)
    {
        if (_ancestors.TryGetValue(uid, out var done))
        {
            return done;
        }

        var result = new HashSet<EntityUid>();
        if (!_entities.TryGetValue(uid, out var entity))
        {
            return result;
        }

        if (!visiting.Add(uid))
        {
            throw new ArgumentException($"the entity hierarchy has a cycle containing {uid}");
        }

        foreach (var parent in entity.Parents)
        {
            result.Add(parent);
            result.UnionWith(AncestorsOf(parent, visiting));
        }

        visiting.Remove(uid);
        _ancestors[uid] = result;
        return result;
    }
}
