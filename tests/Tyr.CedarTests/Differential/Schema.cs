namespace Tyr.CedarTests.Differential;

/// <summary>
/// The shapes the generator draws entities, contexts and expressions from: a small photo-sharing
/// world (users in groups and teams, photos in albums) with attributes of every Cedar kind.
/// Names with spaces, the empty name and reserved-looking names exercise <c>["..."]</c> access.
/// </summary>
internal static class Schema
{
    public const string User = "User";
    public const string Group = "Group";
    public const string Team = "Org::Team";
    public const string Photo = "Photo";
    public const string Album = "Album";
    public const string Action = "Action";

    public static readonly string[] EntityTypes = [User, Group, Team, Photo, Album, Action];

    private static readonly CedarType s_strings = CedarType.SetOf(CedarType.String);

    private static readonly CedarType s_prefs = CedarType.Record(
    [
        new("theme", CedarType.String, 0.8),
        new("limit", CedarType.Long, 0.8),
    ]);

    private static readonly CedarType s_profile = CedarType.Record(
    [
        new("email", CedarType.String, 0.9),
        new("verified", CedarType.Bool, 0.7),
        new("prefs", s_prefs, 0.7),
    ]);

    private static readonly CedarType s_location = CedarType.Record(
    [
        new("city", CedarType.String, 0.9),
        new("lat", CedarType.Long, 0.6),
        new("zip code", CedarType.String, 0.3),
    ]);

    /// <summary>The type of <c>context.meta</c>, also used for record literals and comparisons.</summary>
    public static readonly CedarType Meta = CedarType.Record(
    [
        new("source", CedarType.String, 0.9),
        new("depth", CedarType.Long, 0.7),
        new("key with space", CedarType.Bool, 0.5),
    ]);

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<AttrSpec>> Attributes = new Dictionary<string, IReadOnlyList<AttrSpec>>
    {
        [User] =
        [
            new("name", CedarType.String),
            new("age", CedarType.Long, 0.9),
            new("isAdmin", CedarType.Bool, 0.8),
            new("level", CedarType.Long, 0.5),
            new("roles", s_strings, 0.8),
            new("manager", CedarType.Entity(User), 0.6),
            new("friends", CedarType.SetOf(CedarType.Entity(User)), 0.5),
            new("addr", CedarType.Ip, 0.7),
            new("score", CedarType.Decimal, 0.7),
            new("joined", CedarType.Datetime, 0.7),
            new("session", CedarType.Duration, 0.5),
            new("profile", s_profile, 0.8),
            new("home town", CedarType.String, 0.3),
        ],
        [Group] =
        [
            new("name", CedarType.String, 0.9),
            new("level", CedarType.Long, 0.6),
            new("private", CedarType.Bool, 0.5),
        ],
        [Team] =
        [
            new("name", CedarType.String, 0.8),
        ],
        [Photo] =
        [
            new("name", CedarType.String, 0.8),
            new("owner", CedarType.Entity(User), 0.9),
            new("private", CedarType.Bool, 0.8),
            new("size", CedarType.Long, 0.8),
            new("labels", s_strings, 0.7),
            new("created", CedarType.Datetime, 0.8),
            new("album", CedarType.Entity(Album), 0.6),
            new("location", s_location, 0.5),
            new("origin", CedarType.Ip, 0.4),
            new("rating", CedarType.Decimal, 0.5),
        ],
        [Album] =
        [
            new("name", CedarType.String, 0.9),
            new("owner", CedarType.Entity(User), 0.9),
            new("private", CedarType.Bool, 0.8),
            new("created", CedarType.Datetime, 0.7),
            new("size", CedarType.Long, 0.5),
            new("labels", s_strings, 0.5),
        ],
        [Action] =
        [
            new("risk", CedarType.Long, 0.5),
            new("name", CedarType.String, 0.5),
        ],
    };

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<AttrSpec>> Tags = new Dictionary<string, IReadOnlyList<AttrSpec>>
    {
        [User] =
        [
            new("dept", CedarType.String, 0.6),
            new("clearance", CedarType.Long, 0.5),
            new("labels", s_strings, 0.3),
            new("expires", CedarType.Datetime, 0.3),
        ],
        [Group] =
        [
            new("dept", CedarType.String, 0.5),
            new("clearance", CedarType.Long, 0.5),
        ],
        [Team] = [],
        [Photo] =
        [
            new("visibility", CedarType.String, 0.6),
            new("views", CedarType.Long, 0.5),
        ],
        [Album] =
        [
            new("visibility", CedarType.String, 0.6),
        ],
        [Action] = [],
    };

    public static readonly CedarType Context = CedarType.Record(
    [
        new("authenticated", CedarType.Bool, 0.9),
        new("ip", CedarType.Ip, 0.8),
        new("now", CedarType.Datetime, 0.8),
        new("requests", CedarType.Long, 0.8),
        new("tokens", s_strings, 0.7),
        new("meta", Meta, 0.7),
        new("amount", CedarType.Decimal, 0.6),
        new("elapsed", CedarType.Duration, 0.6),
        new("my key", CedarType.String, 0.4),
        new("delegate", CedarType.Entity(User), 0.5),
        new("flags", CedarType.SetOf(CedarType.Long), 0.5),
        new("", CedarType.Bool, 0.2),
    ]);

    /// <summary>The attributes of <paramref name="entityType"/> (none for a type the schema does not know).</summary>
    public static IReadOnlyList<AttrSpec> AttributesOf(string entityType) =>
        Attributes.TryGetValue(entityType, out var attrs) ? attrs : [];

    public static IReadOnlyList<AttrSpec> TagsOf(string entityType) =>
        Tags.TryGetValue(entityType, out var tags) ? tags : [];
}
