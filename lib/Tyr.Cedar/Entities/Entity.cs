using Tyr.Cedar.Values;

namespace Tyr.Cedar.Entities;

/// <summary>An entity: its uid, attributes, direct parents and tags.</summary>
public sealed class Entity
{
    public Entity(EntityUid uid, CedarRecord attributes, IReadOnlyCollection<EntityUid> parents, CedarRecord tags)
    {
        Uid = uid;
        Attributes = attributes;
        Parents = parents;
        Tags = tags;
    }

    public EntityUid Uid { get; }

    public CedarRecord Attributes { get; }

    /// <summary>The direct parents as given; <see cref="EntityStore"/> computes the transitive closure.</summary>
    public IReadOnlyCollection<EntityUid> Parents { get; }

    public CedarRecord Tags { get; }
}
