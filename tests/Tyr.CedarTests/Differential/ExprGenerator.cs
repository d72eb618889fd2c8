using System.Text;

namespace Tyr.CedarTests.Differential;

/// <summary>Generated Cedar source with its precedence level (see <see cref="Level"/>).</summary>
internal readonly record struct Code(string Text, int Level);

/// <summary>Cedar's precedence levels, loosest first (the grammar's Expr, Or, And, Relation, Add, Mult, Unary, Member).</summary>
internal static class Level
{
    public const int If = 0;
    public const int Or = 1;
    public const int And = 2;
    public const int Relation = 3;
    public const int Add = 4;
    public const int Mult = 5;
    public const int Unary = 6;
    public const int Member = 7;
}

/// <summary>
/// Generates Cedar expressions aimed at a type, over the variables of one policy. Mostly
/// well-typed; a few percent are deliberately wrong (type errors, overflow, missing attributes
/// or entities, bad extension literals) so that the error paths are compared too. Attribute
/// accesses are remembered so a clause can be guarded with <c>has</c> / <c>hasTag</c>, which
/// keeps the share of erroring policies useful rather than overwhelming.
/// </summary>
internal sealed class ExprGenerator(Random rng, World world, string principalType, string resourceType)
{
    private const double WrongChance = 0.03;

    private readonly List<string> _guards = [];

    private readonly (string Text, CedarType Type)[] _roots =
    [
        ("principal", CedarType.Entity(principalType)),
        ("resource", CedarType.Entity(resourceType)),
        ("action", CedarType.Entity(Schema.Action)),
        ("context", Schema.Context),
    ];

    /// <summary>A <c>when</c>/<c>unless</c> body: a boolean, often behind guards for what it reads.</summary>
    public string Condition(int depth)
    {
        _guards.Clear();
        var body = Bool(depth);
        if (_guards.Count == 0 || rng.Chance(0.3))
        {
            return body.Text;
        }

        var sb = new StringBuilder();
        foreach (var guard in _guards)
        {
            sb.Append(guard).Append(" && ");
        }

        return sb.Append(Wrap(body, Level.Relation)).ToString();
    }

    public Code Bool(int depth)
    {
        if (rng.Chance(WrongChance))
        {
            return Wrong(depth);
        }

        var choice = rng.Next(depth <= 0 ? 100 : 190);
        return choice switch
        {
            < 6 => new(rng.Next(2) == 0 ? "true" : "false", Level.Member),
            < 28 => Access(CedarType.Bool) ?? Literal(CedarType.Bool),
            < 38 => Has(),
            < 44 => Is(),
            < 56 => In(),
            < 78 => Compare(0),
            < 82 => HasTag(),
            < 88 => IpPredicate(0),
            < 94 => Like(0),
            < 100 => DecimalCompare(0),
            < 125 => Binary(rng.Next(3) == 0 ? "||" : "&&", Bool(depth - 1), Bool(depth - 1)),
            < 133 => Not(Bool(depth - 1)),
            < 138 => If(CedarType.Bool, depth),
            < 160 => Compare(depth - 1),
            < 175 => SetOperation(depth - 1),
            < 180 => IpPredicate(depth - 1),
            < 185 => Like(depth - 1),
            _ => DecimalCompare(depth - 1),
        };
    }

    public Code Value(CedarType type, int depth)
    {
        if (type.Kind == TypeKind.Bool)
        {
            return Bool(depth);
        }

        if (type.Kind == TypeKind.Long)
        {
            return Long(depth);
        }

        var choice = rng.Next(depth <= 0 ? 10 : 12);
        if (choice >= 10)
        {
            return If(type, depth);
        }

        switch (type.Kind)
        {
            case TypeKind.String when choice == 9:
                return GetTag(CedarType.String) ?? Literal(type);
            case TypeKind.Entity when choice >= 7 && type.EntityType == principalType:
                return new("principal", Level.Member);
            case TypeKind.Entity when choice >= 7 && type.EntityType == resourceType:
                return new("resource", Level.Member);
            case TypeKind.Set when choice >= 7:
                return SetLiteral(type.Element!, depth - 1);
            case TypeKind.Record when choice >= 8:
                return RecordLiteral(depth - 1);
            case TypeKind.Datetime when choice >= 8 && depth > 0:
                return rng.Next(3) > 0
                    ? Method(Value(CedarType.Datetime, depth - 1), "offset", Value(CedarType.Duration, depth - 1))
                    : Method(Value(CedarType.Datetime, depth - 1), "toDate");
            case TypeKind.Duration when choice >= 8 && depth > 0:
                return rng.Next(3) > 0
                    ? Method(Value(CedarType.Datetime, depth - 1), "durationSince", Value(CedarType.Datetime, depth - 1))
                    : Method(Value(CedarType.Datetime, depth - 1), "toTime");
            default:
                break;
        }

        return choice < 4 ? Access(type) ?? Literal(type) : Literal(type);
    }

    public Code Long(int depth)
    {
        var choice = rng.Next(depth <= 0 ? 10 : 20);
        return choice switch
        {
            < 4 => Literal(CedarType.Long),
            < 9 => Access(CedarType.Long) ?? Literal(CedarType.Long),
            < 10 => GetTag(CedarType.Long) ?? Literal(CedarType.Long),
            < 13 => Binary("+", Long(depth - 1), Long(depth - 1)),
            < 15 => Binary("-", Long(depth - 1), Long(depth - 1)),
            < 16 => Binary("*", Long(depth - 1), Long(depth - 1)),
            < 17 => Negate(Long(depth - 1)),
            < 19 => Method(Value(CedarType.Duration, depth - 1), rng.Pick(s_durationUnits)),
            _ => If(CedarType.Long, depth),
        };
    }

    private static readonly string[] s_durationUnits = ["toMilliseconds", "toSeconds", "toMinutes", "toHours", "toDays"];

    public Code Literal(CedarType type)
    {
        if (type.Kind == TypeKind.Long)
        {
            var n = world.Long(forJson: false);
            return new(new LongValue(n).ToCedar(rng), n < 0 ? Level.Unary : Level.Member);
        }

        if (type.IsExtension && rng.Chance(0.1))
        {
            var (function, good, bad) = type.Kind switch
            {
                TypeKind.Ip => ("ip", ValuePools.Ips, ValuePools.BadIps),
                TypeKind.Decimal => ("decimal", ValuePools.Decimals, ValuePools.BadDecimals),
                TypeKind.Datetime => ("datetime", ValuePools.Datetimes, ValuePools.BadDatetimes),
                _ => ("duration", ValuePools.Durations, ValuePools.BadDurations),
            };
            var text = rng.Chance(0.3) ? rng.Pick(bad) : Mutate(rng.Pick(good));
            return new(new ExtensionValue(function, text).ToCedar(rng), Level.Member);
        }

        var value = world.Value(type, forJson: false, depth: 2);
        return new(value.ToCedar(rng), Level.Member);
    }

    /// <summary>A near miss of a valid extension literal, to probe the edges of its parser.</summary>
    private string Mutate(string valid)
    {
        const string Alphabet = "0123456789:.-+/ZTdhms";
        var chars = new List<char>(valid);
        var edits = rng.Next(1, 3);
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(chars.Count + 1);
            var c = Alphabet[rng.Next(Alphabet.Length)];
            switch (rng.Next(4))
            {
                case 0 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 1 when at < chars.Count:
                    chars[at] = c;
                    break;
                case 2 when at < chars.Count:
                    chars.Insert(at, chars[at]);
                    break;
                default:
                    chars.Insert(at, c);
                    break;
            }
        }

        return new string([.. chars]);
    }

    // ---- booleans -------------------------------------------------------------------------

    private Code Compare(int depth)
    {
        var type = rng.Next(22) switch
        {
            < 6 => CedarType.Long,
            < 9 => CedarType.String,
            < 12 => CedarType.Entity(rng.Pick(Schema.EntityTypes)),
            < 13 => CedarType.Bool,
            < 14 => CedarType.SetOf(rng.Next(2) == 0 ? CedarType.String : CedarType.Long),
            < 15 => Schema.Meta,
            < 16 => CedarType.Ip,
            < 17 => CedarType.Decimal,
            < 20 => CedarType.Datetime,
            _ => CedarType.Duration,
        };
        if (rng.Chance(0.06))
        {
            // Values of different types are simply unequal, never an error.
            return Relation(Value(type, depth), rng.Next(2) == 0 ? "==" : "!=", Value(rng.Pick(s_scalars), depth));
        }

        var ordered = type.Kind is TypeKind.Long or TypeKind.Datetime or TypeKind.Duration;
        var op = ordered && rng.Next(3) > 0 ? rng.Pick(s_orderOperators) : rng.Next(3) > 0 ? "==" : "!=";
        return Relation(Value(type, depth), op, Value(type, depth));
    }

    private static readonly CedarType[] s_scalars =
        [CedarType.Bool, CedarType.Long, CedarType.String, CedarType.Ip, CedarType.Decimal, CedarType.Datetime, CedarType.Duration, CedarType.Entity(Schema.User)];

    private static readonly string[] s_orderOperators = ["<", "<=", ">", ">="];

    private Code DecimalCompare(int depth) =>
        Method(Value(CedarType.Decimal, depth), rng.Pick(s_decimalMethods), Value(CedarType.Decimal, depth));

    private static readonly string[] s_decimalMethods = ["lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual"];

    private Code IpPredicate(int depth)
    {
        var ip = Value(CedarType.Ip, depth);
        return rng.Next(5) == 0
            ? Method(ip, "isInRange", Value(CedarType.Ip, depth))
            : Method(ip, rng.Pick(s_ipMethods));
    }

    private static readonly string[] s_ipMethods = ["isIpv4", "isIpv6", "isLoopback", "isMulticast"];

    private Code SetOperation(int depth)
    {
        var element = rng.Next(4) switch
        {
            0 => CedarType.Long,
            1 => CedarType.Entity(Schema.User),
            _ => CedarType.String,
        };
        var set = Value(CedarType.SetOf(element), depth);
        return rng.Next(4) switch
        {
            0 => Method(set, "contains", Value(element, depth)),
            1 => Method(set, "containsAll", Value(CedarType.SetOf(element), depth)),
            2 => Method(set, "containsAny", Value(CedarType.SetOf(element), depth)),
            _ => Method(set, "isEmpty"),
        };
    }

    private Code In()
    {
        switch (rng.Next(6))
        {
            case 0:
                {
                    var actions = new StringBuilder("[");
                    var n = rng.Next(1, 4);
                    for (var i = 0; i < n; i++)
                    {
                        actions.Append(i == 0 ? "" : ", ").Append(world.Entity(Schema.Action, 0.05).ToCedar(rng));
                    }

                    return Relation(new("action", Level.Member), "in", new(actions.Append(']').ToString(), Level.Member));
                }

            case 1:
                return Relation(new("action", Level.Member), "in", Literal(CedarType.Entity(Schema.Action)));
            case 2:
                return Relation(
                    Value(CedarType.Entity(resourceType), 0),
                    "in",
                    rng.Next(3) == 0 ? Value(CedarType.SetOf(CedarType.Entity(Schema.Album)), 0) : Literal(CedarType.Entity(Schema.Album)));
            default:
                {
                    var container = rng.Next(5) switch
                    {
                        0 => Schema.Team,
                        1 => Schema.User,
                        _ => Schema.Group,
                    };
                    var rhs = rng.Next(3) == 0
                        ? Value(CedarType.SetOf(CedarType.Entity(container)), 0)
                        : Literal(CedarType.Entity(container));
                    return Relation(Value(CedarType.Entity(Schema.User), 0), "in", rhs);
                }
        }
    }

    private Code Has()
    {
        var (root, type) = rng.Pick(_roots);
        var paths = Paths(type, static _ => true);
        if (paths.Count == 0 || rng.Chance(0.15))
        {
            var name = rng.Pick(ValuePools.AttributeNamesNotInSchema);
            return Relation(new(root, Level.Member), "has", new(AttributeName(name), Level.Member));
        }

        var path = rng.Pick(paths);
        if (rng.Chance(0.08) && path.TrueForAll(step => CedarSyntax.IsIdentifier(step.Name)))
        {
            // `has a.b` where `a` is not a record or entity: an error once `a` is there.
            return new(root + " has " + string.Join('.', path.ConvertAll(step => step.Name)) + ".foo", Level.Relation);
        }

        var prefix = new Code(root, Level.Member);
        if (path.Count > 1 && rng.Next(2) == 0)
        {
            // Access all but the last step, then `has` the last one (errors if a step is missing).
            prefix = PathAccess(root, path.GetRange(0, path.Count - 1), guard: rng.Chance(0.7));
            path = path.GetRange(path.Count - 1, 1);
        }

        return new(Wrap(prefix, Level.Add) + " has " + HasPath(path), Level.Relation);
    }

    private Code Is()
    {
        var subject = rng.Next(4) switch
        {
            0 => new Code("resource", Level.Member),
            1 => Access(CedarType.Entity(Schema.User)) ?? new Code("principal", Level.Member),
            _ => new Code("principal", Level.Member),
        };
        var type = rng.Pick(Schema.EntityTypes);
        var text = Wrap(subject, Level.Add) + " is " + type;
        if (rng.Next(3) == 0)
        {
            var container = rng.Pick(Schema.EntityTypes);
            var rhs = rng.Next(3) == 0 ? SetLiteral(CedarType.Entity(container), 0) : Literal(CedarType.Entity(container));
            text += " in " + Wrap(rhs, Level.Add);
        }

        return new(text, Level.Relation);
    }

    private Code Like(int depth)
    {
        if (rng.Chance(0.3))
        {
            return SmallAlphabetLike();
        }

        var subject = Value(CedarType.String, depth);
        var target = rng.Pick(ValuePools.Strings);
        var elements = new List<System.Text.Rune?>();
        foreach (var rune in target.EnumerateRunes())
        {
            var r = rng.Next(10);
            if (r == 0)
            {
                elements.Add(null);
            }
            else if (r == 1)
            {
                elements.Add(null);
                elements.Add(rune);
            }
            else if (r != 2)
            {
                elements.Add(rune);
            }
        }

        if (rng.Chance(0.2))
        {
            elements.Insert(rng.Next(elements.Count + 1), null);
        }

        if (rng.Chance(0.1))
        {
            elements.Insert(rng.Next(elements.Count + 1), new System.Text.Rune('*'));
        }

        return new(Wrap(subject, Level.Add) + " like " + CedarSyntax.Pattern(elements, rng), Level.Relation);
    }

    // Strings and patterns over {a, b, *}: many near matches, which is where a matcher's backtracking errs.
    private Code SmallAlphabetLike()
    {
        const string Letters = "aab*";
        var subject = new System.Text.StringBuilder();
        for (var n = rng.Next(7); n > 0; n--)
        {
            subject.Append(Letters[rng.Next(Letters.Length)]);
        }

        var elements = new List<System.Text.Rune?>();
        for (var n = rng.Next(7); n > 0; n--)
        {
            elements.Add(rng.Next(3) == 0 ? null : new System.Text.Rune(Letters[rng.Next(Letters.Length)]));
        }

        return new(CedarSyntax.Quote(subject.ToString(), rng) + " like " + CedarSyntax.Pattern(elements, rng), Level.Relation);
    }

    private Code HasTag()
    {
        var (entity, type) = TaggedEntity();
        var tags = Schema.TagsOf(type);
        var key = tags.Count > 0 && rng.Next(4) > 0 ? rng.Pick(tags).Name : rng.Pick(ValuePools.TagNamesNotInSchema);
        var keyCode = rng.Next(8) == 0 ? Value(CedarType.String, 0) : new Code(CedarSyntax.Quote(key, rng), Level.Member);
        return Method(entity, "hasTag", keyCode);
    }

    private Code? GetTag(CedarType type)
    {
        var (entity, entityType) = TaggedEntity();
        var keys = new List<string>();
        foreach (var tag in Schema.TagsOf(entityType))
        {
            if (tag.Type.Matches(type))
            {
                keys.Add(tag.Name);
            }
        }

        if (keys.Count == 0)
        {
            return null;
        }

        var key = new Code(CedarSyntax.Quote(rng.Pick(keys), rng), Level.Member);
        if (entity.Level == Level.Member && !entity.Text.StartsWith('('))
        {
            _guards.Add(Method(entity, "hasTag", key).Text);
        }

        return Method(entity, "getTag", key);
    }

    private (Code Entity, string Type) TaggedEntity() => rng.Next(4) switch
    {
        0 => (new Code("resource", Level.Member), resourceType),
        1 => (Literal(CedarType.Entity(Schema.Group)), Schema.Group),
        _ => (new Code("principal", Level.Member), principalType),
    };

    // ---- deliberate errors ----------------------------------------------------------------

    private Code Wrong(int depth)
    {
        var d = Math.Max(0, depth - 1);
        return rng.Next(18) switch
        {
            0 => Relation(Binary("+", Long(d), Value(CedarType.String, d)), "==", Long(d)),
            1 => Relation(Value(CedarType.String, d), "<", Long(d)),
            2 => Method(Long(d), "contains", Long(d)),
            3 => Method(Value(CedarType.String, d), "isIpv4"),
            4 => new("if " + Long(d).Text + " then true else false", Level.If),
            5 => Not(Value(CedarType.String, d)),
            6 => Binary("&&", Long(d), Bool(d)),
            7 => Relation(Long(d), "in", Literal(CedarType.Entity(Schema.Group))),
            8 => Relation(Member(new("principal", Level.Member), rng.Pick(ValuePools.AttributeNamesNotInSchema)), "==", Long(d)),
            9 => Relation(Member(new(new EntityValue(Schema.User, "ghost").ToCedar(rng), Level.Member), "age"), ">", Long(d)),
            10 => Relation(Method(new("principal", Level.Member), "getTag", new(CedarSyntax.Quote(rng.Pick(ValuePools.TagNamesNotInSchema), rng), Level.Member)), "==", Value(CedarType.String, d)),
            11 => Relation(Binary("*", Literal(CedarType.Long), new(new LongValue(rng.Pick(ValuePools.LiteralBigLongs)).ToCedar(rng), Level.Unary)), ">", Long(d)),
            12 => Relation(Value(CedarType.Decimal, d), rng.Pick(s_orderOperators), Value(CedarType.Decimal, d)),
            13 => Relation(Value(CedarType.Datetime, d), "<", Value(CedarType.Duration, d)),
            14 => Relation(Method(Value(CedarType.Datetime, d), "offset", Long(d)), "==", Value(CedarType.Datetime, d)),
            15 => Relation(Value(CedarType.SetOf(CedarType.Long), d), "has", new("a", Level.Member)),
            16 => Relation(SetLiteral(CedarType.Entity(Schema.User), d), "in", Literal(CedarType.Entity(Schema.Group))),
            _ => Relation(Method(new("principal", Level.Member), "getTag", Long(d)), "==", Long(d)),
        };
    }

    // ---- values ---------------------------------------------------------------------------

    private Code If(CedarType type, int depth) =>
        new("if " + Bool(depth - 1).Text + " then " + Value(type, depth - 1).Text + " else " + Value(type, depth - 1).Text, Level.If);

    private Code SetLiteral(CedarType element, int depth)
    {
        var sb = new StringBuilder("[");
        var n = rng.Next(4);
        for (var i = 0; i < n; i++)
        {
            var item = rng.Next(20) switch
            {
                0 => Value(CedarType.Long, 0),
                1 => RecordLiteral(depth - 1),
                2 => SetLiteral(element, depth - 1),
                _ => Value(element, depth),
            };
            sb.Append(i == 0 ? "" : ", ").Append(item.Text);
        }

        return new(sb.Append(']').ToString(), Level.Member);
    }

    private Code RecordLiteral(int depth)
    {
        var fields = Schema.Meta.Fields;
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var field in fields)
        {
            if (!rng.Chance(field.Presence))
            {
                continue;
            }

            var key = CedarSyntax.IsIdentifier(field.Name) && rng.Next(3) > 0 ? field.Name : CedarSyntax.Quote(field.Name, rng);
            sb.Append(first ? "" : ", ").Append(key).Append(": ").Append(Value(field.Type, depth).Text);
            first = false;
        }

        if (rng.Chance(0.15))
        {
            sb.Append(first ? "" : ", ").Append("nested: ").Append(SetLiteral(CedarType.Long, depth - 1).Text);
        }

        return new(sb.Append('}').ToString(), Level.Member);
    }

    /// <summary>An attribute access that yields <paramref name="type"/>, guarded when it may be missing.</summary>
    private Code? Access(CedarType type)
    {
        var candidates = new List<(string Root, List<AttrSpec> Path)>();
        foreach (var (root, rootType) in _roots)
        {
            foreach (var path in Paths(rootType, t => t.Matches(type)))
            {
                candidates.Add((root, path));
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var (r, p) = rng.Pick(candidates);
        return PathAccess(r, p, guard: true);
    }

    private Code PathAccess(string root, List<AttrSpec> path, bool guard)
    {
        var code = new Code(root, Level.Member);
        var needsGuard = root != "context";
        foreach (var step in path)
        {
            code = Member(code, step.Name);
            needsGuard |= step.Optional || step.Type.Kind == TypeKind.Entity;
        }

        if (guard && needsGuard)
        {
            var g = root + " has " + HasPath(path);
            if (!_guards.Contains(g))
            {
                _guards.Add(g);
            }
        }

        return code;
    }

    /// <summary>The right side of <c>has</c>: <c>a</c>, <c>"a b"</c>, or <c>a.b.c</c> when every step is an identifier.</summary>
    private string HasPath(List<AttrSpec> path)
    {
        var allIdentifiers = path.TrueForAll(s => CedarSyntax.IsIdentifier(s.Name));
        if (path.Count == 1 || allIdentifiers)
        {
            return path.Count == 1 ? AttributeName(path[0].Name) : string.Join('.', path.ConvertAll(s => s.Name));
        }

        // `has` takes one string or a dotted identifier path; fall back to the first step.
        return AttributeName(path[0].Name);
    }

    private string AttributeName(string name) =>
        CedarSyntax.IsIdentifier(name) && rng.Next(4) > 0 ? name : CedarSyntax.Quote(name, rng);

    private Code Member(Code receiver, string name) =>
        CedarSyntax.IsIdentifier(name) && rng.Next(5) > 0
            ? new(Wrap(receiver, Level.Member) + "." + name, Level.Member)
            : new(Wrap(receiver, Level.Member) + "[" + CedarSyntax.Quote(name, rng) + "]", Level.Member);

    /// <summary>Paths of attributes (through records and entity references) from a root whose type passes <paramref name="target"/>.</summary>
    private static List<List<AttrSpec>> Paths(CedarType root, Func<CedarType, bool> target)
    {
        var result = new List<List<AttrSpec>>();
        Walk(root, [], 0);
        return result;

        void Walk(CedarType type, List<AttrSpec> prefix, int depth)
        {
            if (depth >= 3)
            {
                return;
            }

            var attrs = type.Kind switch
            {
                TypeKind.Entity => Schema.AttributesOf(type.EntityType!),
                TypeKind.Record => type.Fields,
                _ => [],
            };
            foreach (var attr in attrs)
            {
                var path = new List<AttrSpec>(prefix) { attr };
                if (target(attr.Type))
                {
                    result.Add(path);
                }

                if (attr.Type.Kind is TypeKind.Record or TypeKind.Entity && depth < 2)
                {
                    Walk(attr.Type, path, depth + 1);
                }
            }
        }
    }

    // ---- syntax ---------------------------------------------------------------------------

    private Code Binary(string op, Code left, Code right)
    {
        var level = op switch
        {
            "||" => Level.Or,
            "&&" => Level.And,
            "*" => Level.Mult,
            _ => Level.Add,
        };
        return new(Wrap(left, level) + Spaced(op) + Wrap(right, level + 1), level);
    }

    private Code Relation(Code left, string op, Code right) =>
        new(Wrap(left, Level.Add) + Spaced(op) + Wrap(right, Level.Add), Level.Relation);

    /// <summary>An operator between spaces, now and then with a comment or a line break next to it.</summary>
    private string Spaced(string op) => rng.Next(60) switch
    {
        0 => " " + op + " // \"note\" { ) \n  ",
        1 => "\n  " + op + "\t",
        _ => " " + op + " ",
    };

    private Code Not(Code operand)
    {
        // Cedar accepts up to four prefix operators in a row.
        var bangs = rng.Next(8) == 0 ? rng.Next(2, 5) : 1;
        return new(new string('!', bangs) + Wrap(operand, Level.Member), Level.Unary);
    }

    private Code Negate(Code operand)
    {
        var minuses = rng.Next(8) == 0 ? rng.Next(2, 5) : 1;
        return new(new string('-', minuses) + (rng.Next(4) == 0 ? " " : "") + Wrap(operand, Level.Member), Level.Unary);
    }

    private Code Method(Code receiver, string name, Code? argument = null) =>
        new(Wrap(receiver, Level.Member) + "." + name + "(" + (argument is { } a ? a.Text : "") + ")", Level.Member);

    /// <summary>Parenthesises an operand when its precedence needs it, and now and then when it does not.</summary>
    private string Wrap(Code code, int minimum) =>
        code.Level < minimum || rng.Chance(0.08) ? "(" + code.Text + ")" : code.Text;
}
