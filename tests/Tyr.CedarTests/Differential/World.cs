using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>One entity as the generator made it; written out in Cedar's entities JSON format.</summary>
internal sealed class GenEntity(EntityValue uid)
{
    public EntityValue Uid => uid;

    public List<KeyValuePair<string, GenValue>> Attrs { get; } = [];

    public List<EntityValue> Parents { get; } = [];

    /// <summary>Null: no <c>"tags"</c> member at all.</summary>
    public List<KeyValuePair<string, GenValue>>? Tags { get; set; }

    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("uid");
        uid.WriteUid(writer);
        writer.WriteEndObject();
        writer.WriteStartObject("attrs");
        foreach (var (name, value) in Attrs)
        {
            writer.WritePropertyName(name);
            value.WriteJson(writer);
        }

        writer.WriteEndObject();
        writer.WriteStartArray("parents");
        foreach (var parent in Parents)
        {
            writer.WriteStartObject();
            parent.WriteUid(writer);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (Tags is not null)
        {
            writer.WriteStartObject("tags");
            foreach (var (name, value) in Tags)
            {
                writer.WritePropertyName(name);
                value.WriteJson(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}

/// <summary>
/// The entities of one case: a DAG of users, groups and teams, photos in albums, actions in
/// action groups, with attributes and tags drawn from <see cref="Schema"/>. Some parents and
/// entity references dangle (Cedar allows that) and a few attributes have the wrong type.
/// </summary>
internal sealed class World
{
    private readonly Random _rng;
    private readonly Dictionary<string, List<EntityValue>> _present = [];

    public World(Random rng)
    {
        _rng = rng;
        foreach (var type in Schema.EntityTypes)
        {
            _present[type] = [];
        }

        Build();
    }

    public List<GenEntity> Entities { get; } = [];

    public IReadOnlyList<EntityValue> Present(string type) => _present[type];

    /// <summary>An entity of <paramref name="type"/>: usually one in the store, sometimes one that is not.</summary>
    public EntityValue Entity(string type, double ghostChance = 0.1)
    {
        var present = _present[type];
        if (present.Count > 0 && !_rng.Chance(ghostChance))
        {
            return _rng.Pick(present);
        }

        var pool = type == Schema.Action ? ValuePools.ActionGroups : ValuePools.EntityIds[type];
        return _rng.Chance(0.5) ? new EntityValue(type, "ghost") : new EntityValue(type, _rng.Pick(pool));
    }

    /// <summary>A value of <paramref name="type"/>; <paramref name="forJson"/> keeps longs readable by JavaScript.</summary>
    public GenValue Value(CedarType type, bool forJson, int depth = 0)
    {
        switch (type.Kind)
        {
            case TypeKind.Bool:
                return new BoolValue(_rng.Next(2) == 0);
            case TypeKind.Long:
                return new LongValue(Long(forJson));
            case TypeKind.String:
                return new StringValue(_rng.Pick(ValuePools.Strings));
            case TypeKind.Entity:
                return Entity(type.EntityType!);
            case TypeKind.Set:
                {
                    var items = new List<GenValue>();
                    var n = _rng.Next(depth > 2 ? 2 : 5);
                    for (var i = 0; i < n; i++)
                    {
                        items.Add(Value(type.Element!, forJson, depth + 1));
                    }

                    return new SetValue(items);
                }

            case TypeKind.Record:
                return Record(type.Fields, forJson, depth);
            case TypeKind.Ip:
                return new ExtensionValue("ip", _rng.Pick(ValuePools.Ips));
            case TypeKind.Decimal:
                return new ExtensionValue("decimal", _rng.Pick(ValuePools.Decimals));
            case TypeKind.Datetime:
                return new ExtensionValue("datetime", _rng.Pick(ValuePools.Datetimes));
            case TypeKind.Duration:
                return new ExtensionValue("duration", _rng.Pick(ValuePools.Durations));
            default:
                throw new InvalidOperationException(type.ToString());
        }
    }

    public RecordValue Record(IReadOnlyList<AttrSpec> fields, bool forJson, int depth = 0)
    {
        var values = new List<KeyValuePair<string, GenValue>>();
        foreach (var field in fields)
        {
            if (_rng.Chance(field.Presence))
            {
                values.Add(new(field.Name, WrongTypeSometimes(field.Type, forJson, depth + 1)));
            }
        }

        return new RecordValue(values);
    }

    public long Long(bool forJson)
    {
        if (_rng.Chance(0.85))
        {
            return _rng.Pick(ValuePools.SmallLongs);
        }

        return forJson || _rng.Chance(0.5) ? _rng.Pick(ValuePools.JsonBigLongs) : _rng.Pick(ValuePools.LiteralBigLongs);
    }

    // An attribute whose value does not have the schema's type makes well-typed policies err.
    private GenValue WrongTypeSometimes(CedarType type, bool forJson, int depth) =>
        _rng.Chance(0.02) ? Value(_rng.Pick(s_scalars), forJson, depth) : Value(type, forJson, depth);

    private static readonly CedarType[] s_scalars =
        [CedarType.Bool, CedarType.Long, CedarType.String, CedarType.Ip, CedarType.Datetime, CedarType.Duration, CedarType.Decimal];

    private void Build()
    {
        var users = Choose(Schema.User, 2, 5);
        var groups = Choose(Schema.Group, 1, 3);
        var teams = Choose(Schema.Team, 0, 1);
        var albums = Choose(Schema.Album, 1, 3);
        var photos = Choose(Schema.Photo, 2, 4);

        for (var i = 0; i < groups.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (_rng.Chance(0.35))
                {
                    groups[i].Parents.Add(groups[j].Uid);
                }
            }
        }

        foreach (var team in teams)
        {
            if (groups.Count > 0 && _rng.Chance(0.5))
            {
                team.Parents.Add(_rng.Pick(groups).Uid);
            }
        }

        foreach (var user in users)
        {
            var n = _rng.Next(3);
            for (var k = 0; k < n; k++)
            {
                var parent = _rng.Chance(0.1) ? Entity(Schema.Group, ghostChance: 1) : _rng.Pick(groups).Uid;
                AddParent(user, parent);
            }

            if (teams.Count > 0 && _rng.Chance(0.3))
            {
                AddParent(user, _rng.Pick(teams).Uid);
            }
        }

        for (var i = 0; i < albums.Count; i++)
        {
            if (i > 0 && _rng.Chance(0.35))
            {
                albums[i].Parents.Add(albums[_rng.Next(i)].Uid);
            }
        }

        foreach (var photo in photos)
        {
            var n = _rng.Next(3);
            for (var k = 0; k < n; k++)
            {
                AddParent(photo, _rng.Pick(albums).Uid);
            }
        }

        BuildActions();

        foreach (var entity in Entities)
        {
            FillAttributes(entity);
        }

        Shuffle(Entities);
    }

    private void BuildActions()
    {
        var all = Add(Schema.Action, "all");
        var readOnly = Add(Schema.Action, "readOnly");
        var write = Add(Schema.Action, "write");
        LinkSometimes(readOnly, all);
        LinkSometimes(write, all);
        foreach (var id in ValuePools.EntityIds[Schema.Action])
        {
            var action = Add(Schema.Action, id);
            LinkSometimes(action, id is "view" or "comment" ? readOnly : write);
        }

        void LinkSometimes(GenEntity child, GenEntity parent)
        {
            if (_rng.Chance(0.85))
            {
                child.Parents.Add(parent.Uid);
            }
        }
    }

    private void FillAttributes(GenEntity entity)
    {
        var type = entity.Uid.Type;
        var record = Record(Schema.AttributesOf(type), forJson: true);
        entity.Attrs.AddRange(record.Fields);

        var tags = Record(Schema.TagsOf(type), forJson: true);
        if (tags.Fields.Count > 0 || _rng.Chance(0.3))
        {
            entity.Tags = [.. tags.Fields];
        }
    }

    private List<GenEntity> Choose(string type, int min, int max)
    {
        var pool = ValuePools.EntityIds[type].ToList();
        Shuffle(pool);
        var n = Math.Min(pool.Count, _rng.Next(min, max + 1));
        var result = new List<GenEntity>(n);
        for (var i = 0; i < n; i++)
        {
            result.Add(Add(type, pool[i]));
        }

        return result;
    }

    private GenEntity Add(string type, string id)
    {
        var entity = new GenEntity(new EntityValue(type, id));
        Entities.Add(entity);
        _present[type].Add(entity.Uid);
        return entity;
    }

    private static void AddParent(GenEntity child, EntityValue parent)
    {
        foreach (var p in child.Parents)
        {
            if (p.Type == parent.Type && p.Id == parent.Id)
            {
                return;
            }
        }

        child.Parents.Add(parent);
    }

    private void Shuffle<T>(List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
