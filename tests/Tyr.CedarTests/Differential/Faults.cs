using System.Text.Json;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Inputs at the edge of what Cedar accepts: policies that do not parse (or only nearly parse),
/// entity lists and requests the official JSON readers may refuse. Which of them the official
/// implementation actually refuses is its business: the test only requires that we refuse the same.
/// </summary>
internal static class Faults
{
    private static readonly string[] s_brokenConditions =
    [
        "foo(1)", "1 == 1 == 1", "\"\\q\" == \"q\"", "[1].contains()", "9223372036854775808 == 1",
        "!!!!!true", "-----1 == 1", "context.true", "{a: 1, a: 2} == {}", "principal.foo()",
        "\"a\" like 1", "principal is \"User\"", "if true then 1", "\"\\u{110000}\" == \"a\"",
        "\"a\\*\" == \"a\"", "[1, 2,] == [1]", "context has \"a\".b", "ip(\"1.2.3.4\").isIpv4(1)",
        "decimal(\"1.0\").lessThan()", "principal.contains(1, 2)", "true &&", "principal in",
        "User::alice == principal", "?resource == resource", "context.in", "principal.is",
        "isIpv4(ip(\"1.1.1.1\"))", "ip(\"1.1.1.1\").ip()", "principal.hasTag()", "datetime(\"2024-01-01\").offset()",
        "\"unterminated", "/* block */ true", "context[\"a\"", "principal.isAdmin = true", "principal has",
        "Action::\"view\" in action", "principal like \"a\"", "context has meta.\"x\"", "{\"a\": 1}[\"a\"] == 1",
        "decimal(\"1.0\", \"2.0\") == decimal(\"1.0\")", "1 + + 2 == 3", "principal.age ++ 1", "[] == []",
        "{} == {}", "-(-9223372036854775808) > 0", "principal.getTag(\"a\", \"b\")", "\"\\x80\" == \"a\"",
        "principal.age.toDays()", "context.meta has \"\"", "__cedar::ip(\"1.1.1.1\").isIpv4()",
        "User::\"a\"::\"b\" == principal", "Photo::\"p\" is Photo", "principal is User::\"a\"",
        "principal in Group::\"g\" in Group::\"h\"", "(principal) is User", "context[\"my key\"] like \"*\"",
        "context.ünï", "1 + if true then 1 else 2 == 2", "{if: 1} == {\"if\": 1}", "principal.getTag(1) == 1",
        "context has \"if\"", "principal is User in", "(principal is User) in Group::\"g\"",
        "ip(\"1.2.3.4\") == ip(\"1.2.3.4\") == true", "principal.name.like(\"a\")", "context.meta[\"source\"].isEmpty()",
        "!-1 == 1", "-!1", "- - - - 1 == 1", "!!!!(true)", "!!!! !true",
    ];

    private static readonly string[] s_brokenScopes =
    [
        "principal in [Group::\"admins\"], action, resource",
        "principal, action == Photo::\"p1\", resource",
        "principal, action in Photo::\"p1\", resource",
        "principal == ?principal, action, resource",
        "principal, action, resource in ?resource",
        "principal is User == User::\"a\", action, resource",
        "principal, action, resource is Photo in [Album::\"a1\"]",
        "principal, action",
        "principal, action, resource, context",
        "action, principal, resource",
        "principal is User in User, action, resource",
        "principal == Group, action, resource",
        "principal, action in [], resource",
        "principal, action == Action::\"view\", resource == Photo::\"p1\"",
        "principal is Org::Team, action, resource",
        "principal, action in [Action::\"view\", Action::\"view\"], resource",
        "principal, action is Action, resource",
        "principal, action == Other::Action::\"view\", resource",
    ];

    // Entity members (after "uid") at the edge of the entities JSON format.
    private static readonly string[] s_oddEntityMembers =
    [
        "\"attrs\":[],\"parents\":[]",
        "\"attrs\":{},\"parents\":[\"Group::\\\"admins\\\"\"]",
        "\"attrs\":{},\"parents\":{}",
        "\"attrs\":{\"a\":{\"__extn\":{\"fn\":\"ip\",\"arg\":\"1.2.3.4\",\"extra\":1}}},\"parents\":[]",
        "\"attrs\":{\"a\":{\"__entity\":{\"type\":\"User\",\"id\":\"a\",\"extra\":1}}},\"parents\":[]",
        "\"attrs\":{},\"parents\":[{\"type\":\"User\",\"id\":7}]",
        "\"attrs\":{\"a\":{\"__extn\":{\"fn\":\"ip\"}}},\"parents\":[]",
        "\"attrs\":{\"a\":{\"__extn\":{\"arg\":\"1.2.3.4\"}}},\"parents\":[]",
        "\"attrs\":{\"a\":{\"__extn\":\"ip\"}},\"parents\":[]",
        "\"attrs\":{\"a\":{\"__entity\":\"User::\\\"a\\\"\"}},\"parents\":[]",
        "\"attrs\":{\"a\":[[],[[]],{}]},\"parents\":[],\"tags\":{\"t\":{\"__entity\":{\"type\":\"Group\",\"id\":\"admins\"}}}",
        "\"attrs\":{\"a\":true},\"parents\":[],\"tags\":{\"a\":false}",
        "\"attrs\":{},\"parents\":[{\"type\":\"Action\",\"id\":\"view\"}]",
        "\"attrs\":{\"a\":[1,\"a\",true,{\"b\":[]}]},\"parents\":[]",
        "\"attrs\":{\"a\":\"\\u0000\\ud83d\\ude42\"},\"parents\":[]",
        "\"parents\":[],\"attrs\":{},\"tags\":{}",
        "\"attrs\":{},\"parents\":[],\"tags\":null",
        "\"attrs\":{\"a\":{\"__extn\":{\"fn\":\"datetime\",\"args\":[\"2024-01-01\",\"x\"]}}},\"parents\":[]",
    ];

    public static void BreakPolicy(Random rng, List<CasePolicy> policies)
    {
        var i = rng.Next(policies.Count);
        var p = policies[i];
        switch (rng.Next(7))
        {
            case 0:
                policies[i] = p with { Text = p.Text.Replace(";", "", StringComparison.Ordinal) };
                break;
            case 6 when policies.Count > 1:
                {
                    // An @id equal to the name another policy gets by its position: a clash too.
                    var j = (i + 1) % policies.Count;
                    var id = Unannotated(j);
                    policies[i] = new CasePolicy(id, $"@id(\"{id}\") {Strip(p.Text)}");
                    policies[j] = new CasePolicy(id, Strip(policies[j].Text));
                    break;
                }

            case 1:
                policies[i] = p with { Text = $"@advice(\"a\") @advice(\"b\") {p.Text}" };
                break;
            case 2:
                {
                    // Two policies claiming one @id: the official CLI refuses the set.
                    var j = (i + 1) % policies.Count;
                    if (j == i)
                    {
                        goto case 3;
                    }

                    var id = "same";
                    policies[i] = new CasePolicy(id, $"@id(\"{id}\") {Strip(policies[i].Text)}");
                    policies[j] = new CasePolicy(id, $"@id(\"{id}\") {Strip(policies[j].Text)}");
                    break;
                }

            case 3:
                policies[i] = new CasePolicy(Unannotated(i), $"{(rng.Next(2) == 0 ? "permit" : "forbid")}({rng.Pick(s_brokenScopes)});");
                break;
            default:
                policies[i] = new CasePolicy(Unannotated(i), $"permit(principal, action, resource) when {{ {rng.Pick(s_brokenConditions)} }};");
                break;
        }
    }

    private static string Unannotated(int position) => "policy" + position.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Drops an existing @id annotation so that another can be put in its place.
    private static string Strip(string text)
    {
        var at = text.IndexOf("@id(", StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        // The generated ids hold no parenthesis.
        var end = text.IndexOf(')', at);
        return text.Remove(at, end + 1 - at);
    }

    public static string BreakEntities(Random rng, World world)
    {
        var entities = world.Entities;
        var victim = rng.Pick(entities);
        var kind = rng.Next(21 + s_oddEntityMembers.Length);
        return Json.Write(w =>
        {
            w.WriteStartArray();
            foreach (var entity in entities)
            {
                if (entity != victim)
                {
                    entity.WriteJson(w);
                    continue;
                }

                switch (kind)
                {
                    case 0:
                        victim.Attrs.Add(new("bad", new ExtensionValue(rng.Pick(["ip", "decimal", "datetime", "duration"]), rng.Pick(ValuePools.BadIps))));
                        victim.WriteJson(w);
                        break;
                    case 1:
                        victim.Attrs.Add(new("bad", new ExtensionValue(rng.Pick(["ipv4", "Decimal", "date", "ipaddr", "__cedar::ip"]), "1")));
                        victim.WriteJson(w);
                        break;
                    case 2:
                        victim.WriteJson(w);
                        victim.WriteJson(w);
                        break;
                    case 3:
                        victim.WriteJson(w);
                        victim.Attrs.Add(new("extra", new BoolValue(true)));
                        victim.WriteJson(w);
                        break;
                    case 4:
                        // A cycle: Cedar refuses hierarchies that are not DAGs.
                        victim.Parents.Add(victim.Uid);
                        victim.WriteJson(w);
                        break;
                    case 5:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"n\":null},\"parents\":[]");
                        break;
                    case 6:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"n\":1.5},\"parents\":[]");
                        break;
                    case 7:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[{\"type\":\"Bad Type\",\"id\":\"x\"}]");
                        break;
                    case 8:
                        WriteEntityRaw(w, victim, "\"attrs\":{}");
                        break;
                    case 9:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[],\"tags\":{\"t\":null}");
                        break;
                    case 10:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"e\":{\"__entity\":{\"type\":\"User\"}}},\"parents\":[]");
                        break;
                    case 11:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"e\":{\"__entity\":{\"type\":\"User\",\"id\":\"alice\"},\"x\":1}},\"parents\":[]");
                        break;
                    case 12:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"a\":{\"__extn\":{\"fn\":\"ip\",\"args\":[\"10.0.0.1\"]}}},\"parents\":[]");
                        break;
                    case 13:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[{\"__entity\":{\"type\":\"Group\",\"id\":\"admins\"}}]");
                        break;
                    case 14:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"owner\":{\"type\":\"User\",\"id\":\"alice\"}},\"parents\":[]");
                        break;
                    case 15:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[],\"tags\":[]");
                        break;
                    case 16:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[{\"type\":\"\",\"id\":\"x\"}]");
                        break;
                    case 17:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"d\":{\"__extn\":{\"fn\":\"decimal\",\"arg\":1}}},\"parents\":[]");
                        break;
                    case 19:
                        WriteEntityRaw(w, victim, "\"attrs\":{},\"parents\":[{\"type\":\"Group\",\"id\":\"admins\",\"extra\":true}]");
                        break;
                    case > 20:
                        WriteEntityRaw(w, victim, s_oddEntityMembers[kind - 21]);
                        break;
                    case 20:
                        WriteEntityRaw(w, victim, "\"attrs\":{\"r\":{\"__extn\":{\"fn\":\"ip\",\"arg\":\"1.2.3.4\"},\"more\":1}},\"parents\":[]");
                        break;
                    default:
                        w.WriteRawValue("{\"uid\":{\"__entity\":" + Json.Write(x =>
                        {
                            x.WriteStartObject();
                            victim.Uid.WriteUid(x);
                            x.WriteEndObject();
                        }) + "},\"attrs\":{},\"parents\":[]}");
                        break;
                }
            }

            w.WriteEndArray();
        });
    }

    private static void WriteEntityRaw(Utf8JsonWriter w, GenEntity entity, string members)
    {
        var uid = Json.Write(x =>
        {
            x.WriteStartObject();
            entity.Uid.WriteUid(x);
            x.WriteEndObject();
        });
        w.WriteRawValue("{\"uid\":" + uid + "," + members + "}");
    }

    public static string BrokenRequest(Random rng, World world)
    {
        var principal = world.Entity(Schema.User);
        var action = world.Entity(Schema.Action);
        var resource = world.Entity(Schema.Photo);
        switch (rng.Next(10))
        {
            case 0:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w => w.WriteRawValue("{\"a\":null}"));
            case 7:
                return CaseGenerator.WriteRequest(rng, new EntityValue("Org:: Team", "x"), action, resource, w => w.WriteRawValue("{}"));
            case 8:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w => w.WriteRawValue("{\"__entity\":{\"type\":\"User\",\"id\":\"alice\"}}"));
            case 9:
                return "{\"principal\":{\"type\":\"User\",\"id\":\"alice\",\"extra\":1},\"action\":{\"type\":\"Action\",\"id\":\"view\"},"
                    + "\"resource\":{\"type\":\"Photo\",\"id\":\"p1\"},\"context\":{}}";
            case 1:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w => w.WriteRawValue("{\"a\":1.25}"));
            case 2:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w =>
                    new RecordValue([new("when", new ExtensionValue("datetime", rng.Pick(ValuePools.BadDatetimes)))]).WriteJson(w));
            case 3:
                return CaseGenerator.WriteRequest(rng, new EntityValue("Bad Type", "x"), action, resource, w => w.WriteRawValue("{}"));
            case 4:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w => w.WriteRawValue("[]"));
            case 5:
                return CaseGenerator.WriteRequest(rng, principal, new EntityValue("Action", "\u0000"), resource, w =>
                    new RecordValue([new("d", new ExtensionValue("duration", rng.Pick(ValuePools.BadDurations)))]).WriteJson(w));
            default:
                return CaseGenerator.WriteRequest(rng, principal, action, resource, w =>
                    new RecordValue([new("d", new ExtensionValue("decimal", rng.Pick(ValuePools.BadDecimals)))]).WriteJson(w));
        }
    }
}
