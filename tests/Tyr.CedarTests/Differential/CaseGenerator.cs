using System.Text;
using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Makes differential cases from a seed: case <c>i</c> of seed <c>s</c> depends on nothing else,
/// so a failing case is reproduced by <c>new CaseGenerator(s).Generate(i)</c>. Each case has a few
/// policies (permits and forbids, scopes of every form, when/unless clauses), a DAG of entities and
/// several requests; a few cases carry a deliberate fault (a policy, entity or context the official
/// implementation refuses or might refuse) to compare refusals too.
/// </summary>
internal sealed class CaseGenerator(int seed)
{
    private const double PolicyFaultChance = 0.03;
    private const double EntityFaultChance = 0.025;
    private const double RequestFaultChance = 0.015;

    public int Seed => seed;

    /// <summary>A well-mixed seed for case <paramref name="index"/> (SplitMix64 of both numbers).</summary>
    public static int CaseSeed(int seed, int index)
    {
        var z = ((ulong)(uint)seed << 32) + (uint)index + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }

    public DiffCase Generate(int index)
    {
        var rng = new Random(CaseSeed(seed, index));
        var world = new World(rng);
        var policies = new List<CasePolicy>();
        var count = rng.Next(2, 8);
        for (var i = 0; i < count; i++)
        {
            policies.Add(new PolicyGenerator(rng, world, i).Generate());
        }

        if (rng.Chance(PolicyFaultChance))
        {
            Faults.BreakPolicy(rng, policies);
        }

        var entities = Json.Write(w =>
        {
            w.WriteStartArray();
            foreach (var entity in world.Entities)
            {
                entity.WriteJson(w);
            }

            w.WriteEndArray();
        });
        if (rng.Chance(EntityFaultChance))
        {
            entities = Faults.BreakEntities(rng, world);
        }

        var requests = new List<string>();
        var n = rng.Next(3, 9);
        for (var i = 0; i < n; i++)
        {
            requests.Add(rng.Chance(RequestFaultChance) ? Faults.BrokenRequest(rng, world) : Request(rng, world));
        }

        return new DiffCase(policies, entities, requests);
    }

    private static string Request(Random rng, World world)
    {
        var principal = rng.Next(100) switch
        {
            < 80 => world.Entity(Schema.User, 0.05),
            < 90 => world.Entity(Schema.Group),
            < 95 => world.Entity(Schema.Team),
            _ => world.Entity(Schema.Photo),
        };
        var action = world.Entity(Schema.Action, 0.05);
        var resource = rng.Next(100) switch
        {
            < 57 => world.Entity(Schema.Photo, 0.05),
            < 93 => world.Entity(Schema.Album, 0.05),
            _ => world.Entity(Schema.User),
        };
        var context = world.Record(Schema.Context.Fields, forJson: true);
        return WriteRequest(rng, principal, action, resource, w => context.WriteJson(w));
    }

    public static string WriteRequest(Random rng, EntityValue principal, EntityValue action, EntityValue resource, Action<Utf8JsonWriter> context) =>
        Json.Write(w =>
        {
            w.WriteStartObject();
            WriteUid(w, "principal", principal, rng);
            WriteUid(w, "action", action, rng);
            WriteUid(w, "resource", resource, rng);
            w.WritePropertyName("context");
            context(w);
            w.WriteEndObject();
        });

    // Both spellings of an entity uid are accepted in requests: {"type", "id"} and {"__entity": {...}}.
    private static void WriteUid(Utf8JsonWriter w, string name, EntityValue uid, Random rng)
    {
        if (rng.Chance(0.1))
        {
            w.WritePropertyName(name);
            uid.WriteJson(w);
            return;
        }

        w.WriteStartObject(name);
        uid.WriteUid(w);
        w.WriteEndObject();
    }
}

/// <summary>One policy: annotations, effect, scope and conditions, with varied layout.</summary>
internal sealed class PolicyGenerator(Random rng, World world, int position)
{
    private static readonly string[] s_idWords = ["allow-owner", "deny ghosts", "règle", "admins", "p", "read only", "🙂", "x\"y"];

    public CasePolicy Generate()
    {
        var sb = new StringBuilder();
        var id = "policy" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (rng.Chance(0.1))
        {
            sb.Append("// policy at position ").Append(position).Append('\n');
        }

        if (rng.Chance(0.5))
        {
            id = rng.Pick(s_idWords) + "-" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);
            sb.Append("@id(").Append(CedarSyntax.Quote(id, rng)).Append(")\n");
        }

        if (rng.Chance(0.15))
        {
            sb.Append("@advice(").Append(CedarSyntax.Quote(rng.Pick(ValuePools.Strings), rng)).Append(")\n");
        }

        if (rng.Chance(0.05))
        {
            sb.Append("@marker\n");
        }

        var permit = rng.Chance(0.75);
        var (principalScope, principalType) = PrincipalScope();
        var actionScope = ActionScope();
        var (resourceScope, resourceType) = ResourceScope();
        var multiline = rng.Next(2) == 0;
        var sep = multiline ? ",\n  " : ", ";
        sb.Append(permit ? "permit" : "forbid").Append(multiline ? " (\n  " : "(")
            .Append(principalScope).Append(sep).Append(actionScope).Append(sep).Append(resourceScope)
            .Append(multiline ? "\n)" : ")");

        var expressions = new ExprGenerator(rng, world, principalType, resourceType);
        var clauses = rng.Next(100) switch
        {
            < 20 => 0,
            < 80 => 1,
            < 96 => 2,
            _ => 3,
        };
        for (var i = 0; i < clauses; i++)
        {
            // Forbids and unless clauses are kept rarer and shallower so that allows stay common.
            var when = rng.Chance(permit ? 0.85 : 0.75);
            var depth = rng.Next(permit ? 4 : 3);
            sb.Append(multiline ? "\n" : " ").Append(when ? "when" : "unless").Append(" { ")
                .Append(expressions.Condition(depth)).Append(" }");
        }

        sb.Append(';');
        if (rng.Chance(0.05))
        {
            sb.Append(" // end");
        }

        // Windows line ends and tabs are whitespace too.
        var text = sb.ToString();
        return new CasePolicy(id, rng.Next(20) switch
        {
            0 => text.Replace("\n", "\r\n", StringComparison.Ordinal),
            1 => text.Replace("\n  ", "\n\t", StringComparison.Ordinal),
            _ => text,
        });
    }

    private (string Scope, string Type) PrincipalScope()
    {
        var assumed = rng.Chance(0.9) ? Schema.User : Schema.Group;
        return rng.Next(100) switch
        {
            < 60 => ("principal", assumed),
            < 70 => ("principal == " + world.Entity(Schema.User).ToCedar(rng), Schema.User),
            < 83 => ("principal in " + world.Entity(rng.Chance(0.8) ? Schema.Group : Schema.Team).ToCedar(rng), assumed),
            < 94 => IsScope("principal", rng.Next(20) switch { < 16 => Schema.User, < 19 => Schema.Group, _ => Schema.Team }, Schema.Group),
            _ => ("principal in " + world.Entity(Schema.User).ToCedar(rng), Schema.User),
        };
    }

    private (string Scope, string Type) ResourceScope()
    {
        var assumed = rng.Chance(0.6) ? Schema.Photo : Schema.Album;
        return rng.Next(100) switch
        {
            < 60 => ("resource", assumed),
            < 67 => ("resource == " + world.Entity(Schema.Photo).ToCedar(rng), Schema.Photo),
            < 82 => ("resource in " + world.Entity(Schema.Album).ToCedar(rng), assumed),
            _ => IsScope("resource", assumed, Schema.Album),
        };
    }

    private (string Scope, string Type) IsScope(string variable, string type, string container)
    {
        var scope = variable + " is " + type;
        if (rng.Next(2) == 0)
        {
            scope += " in " + world.Entity(container).ToCedar(rng);
        }

        return (scope, type);
    }

    private string ActionScope()
    {
        switch (rng.Next(100))
        {
            case < 55:
                return "action";
            case < 70:
                return "action == " + world.Entity(Schema.Action, 0.05).ToCedar(rng);
            case < 88:
                {
                    var sb = new StringBuilder("action in [");
                    var n = rng.Next(1, 4);
                    for (var i = 0; i < n; i++)
                    {
                        sb.Append(i == 0 ? "" : ", ").Append(world.Entity(Schema.Action, 0.05).ToCedar(rng));
                    }

                    return sb.Append(']').ToString();
                }

            default:
                return "action in " + new EntityValue(Schema.Action, rng.Pick(ValuePools.ActionGroups)).ToCedar(rng);
        }
    }
}
