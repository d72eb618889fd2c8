using System.Text.Json;
using Tyr.Cedar.Entities;
using Tyr.Cedar.Values;

namespace Tyr.Cedar.Json;

/// <summary>
/// Cedar's entities JSON format (docs.cedarpolicy.com, "Entities and context syntax"): an array of
/// <c>{"uid": {"type", "id"}, "attrs": {...}, "parents": [uids], "tags": {...}}</c>. As in the
/// official parser, <c>attrs</c> and <c>parents</c> are required, <c>tags</c> is optional, other
/// keys are ignored, and an entity listed twice with the same contents counts once.
/// </summary>
public static class EntitiesJson
{
    /// <summary>
    /// Parses a JSON array of entities into a store. Throws <see cref="CedarJsonException"/> on bad
    /// input, naming the place: <c>entity User::"alice": attrs.age: 1.5 is not a 64-bit integer</c>.
    /// </summary>
    public static EntityStore Parse(string json) => JsonText.Read(json, ReadStore);

    private static EntityStore ReadStore(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new CedarJsonException("expected a JSON array of entities, got " + JsonText.Describe(root));
        }

        var entities = new List<Entity>(root.GetArrayLength());
        var byUid = new Dictionary<EntityUid, Entity>(root.GetArrayLength());
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var entity = ReadEntity(element, JsonPlace.Root.Property("entities").Index(index++));
            if (byUid.TryGetValue(entity.Uid, out var earlier))
            {
                if (!SameContents(earlier, entity))
                {
                    throw new CedarJsonException("duplicate entity " + entity.Uid + " with different contents");
                }

                continue;
            }

            byUid.Add(entity.Uid, entity);
            entities.Add(entity);
        }

        try
        {
            return new EntityStore(entities);
        }
        catch (ArgumentException e)
        {
            throw new CedarJsonException(e.Message);
        }
    }

    private static Entity ReadEntity(JsonElement element, JsonPlace place)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw place.Error("expected an entity object {\"uid\", \"attrs\", \"parents\"}, got " + JsonText.Describe(element));
        }

        JsonElement? uidJson = null, attrsJson = null, parentsJson = null, tagsJson = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (ValueJson.PropertyName(property, place))
            {
                case "uid": Assign(ref uidJson, property, place); break;
                case "attrs": Assign(ref attrsJson, property, place); break;
                case "parents": Assign(ref parentsJson, property, place); break;
                case "tags": Assign(ref tagsJson, property, place); break;
                default: break; // ignored, as the official parser does
            }
        }

        if (uidJson is not { } uidElement)
        {
            throw place.Error("the entity has no \"uid\"");
        }

        var uid = EntityUidJson.Read(uidElement, place.Property("uid"), acceptCedarSyntax: false);

        // From here on the entity has a name, which is a better landmark than its index.
        var entityPlace = JsonPlace.Context("entity " + uid);
        if (attrsJson is not { } attrsElement)
        {
            throw entityPlace.Error("missing \"attrs\" (use {} for none)");
        }

        if (parentsJson is not { } parentsElement)
        {
            throw entityPlace.Error("missing \"parents\" (use [] for none)");
        }

        var attributes = ValueJson.ReadRecord(attrsElement, entityPlace.Property("attrs"));
        var parents = ReadParents(parentsElement, entityPlace.Property("parents"));
        if (uid.IsAction)
        {
            // Actions form their own hierarchy: Cedar refuses an action under a non-action.
            foreach (var parent in parents)
            {
                if (!parent.IsAction)
                {
                    throw entityPlace.Property("parents").Error($"action {uid} has a non-action parent {parent}");
                }
            }
        }

        var tags = tagsJson is { } tagsElement
            ? ValueJson.ReadRecord(tagsElement, entityPlace.Property("tags"))
            : CedarRecord.Empty;
        return new Entity(uid, attributes, parents, tags);
    }

    private static void Assign(ref JsonElement? slot, JsonProperty property, JsonPlace place)
    {
        if (slot is not null)
        {
            throw place.Error("duplicate key " + JsonText.Quote(property.Name));
        }

        slot = property.Value;
    }

    private static HashSet<EntityUid> ReadParents(JsonElement element, JsonPlace place)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw place.Error("expected an array of entity uids, got " + JsonText.Describe(element));
        }

        var parents = new HashSet<EntityUid>();
        var index = 0;
        foreach (var parent in element.EnumerateArray())
        {
            parents.Add(EntityUidJson.Read(parent, place.Index(index++), acceptCedarSyntax: false));
        }

        return parents;
    }

    private static bool SameContents(Entity a, Entity b) =>
        a.Attributes.Equals(b.Attributes) && a.Tags.Equals(b.Tags) &&
        new HashSet<EntityUid>(a.Parents).SetEquals(b.Parents);
}
