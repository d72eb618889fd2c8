using System.Text.Json.Nodes;

namespace Tyr.CedarTests.Differential;

/// <summary>
/// Shrinks a disagreement to a small repro: drops policies, when/unless clauses, entities, their
/// attributes, tags and parents, and context fields for as long as the same kind of disagreement
/// remains (each round asks the oracle about all one-step-smaller cases at once).
/// </summary>
internal static class Minimizer
{
    private const int MaxRounds = 60;

    public static Disagreement Minimize(Disagreement found)
    {
        var kind = found.Kind;
        var current = new DiffCase(found.Case.Policies, found.Case.EntitiesJson, [found.Case.Requests[found.RequestIndex]]);
        var official = found.Official;
        var ours = found.Ours;
        for (var round = 0; round < MaxRounds; round++)
        {
            var candidates = Shrinks(current).ToList();
            if (candidates.Count == 0)
            {
                break;
            }

            var answers = CedarOracle.Ask(candidates);
            var progressed = false;
            for (var i = 0; i < candidates.Count && !progressed; i++)
            {
                var theirs = answers[i][0];
                var mine = TyrEngine.Run(candidates[i])[0];
                if (!mine.AgreesWith(theirs) && Disagreement.Classify(theirs, mine) == kind)
                {
                    (current, official, ours, progressed) = (candidates[i], theirs, mine, true);
                }
            }

            if (!progressed)
            {
                break;
            }
        }

        return found with { Case = current, RequestIndex = 0, Official = official, Ours = ours };
    }

    private static IEnumerable<DiffCase> Shrinks(DiffCase c)
    {
        var policies = c.Policies;
        for (var i = 0; i < policies.Count; i++)
        {
            var fewer = new List<CasePolicy>(policies);
            fewer.RemoveAt(i);
            yield return new DiffCase(Renumber(fewer), c.EntitiesJson, c.Requests);
        }

        for (var i = 0; i < policies.Count; i++)
        {
            foreach (var text in WithoutOneClause(policies[i].Text))
            {
                var changed = new List<CasePolicy>(policies) { [i] = policies[i] with { Text = text } };
                yield return new DiffCase(changed, c.EntitiesJson, c.Requests);
            }
        }

        if (JsonNode.Parse(c.EntitiesJson) is JsonArray entities)
        {
            foreach (var smaller in SmallerEntities(entities))
            {
                yield return new DiffCase(c.Policies, smaller, c.Requests);
            }
        }

        if (JsonNode.Parse(c.Requests[0]) is JsonObject request && request["context"] is JsonObject context)
        {
            foreach (var name in context.Select(p => p.Key).ToList())
            {
                var copy = (JsonObject)request.DeepClone();
                ((JsonObject)copy["context"]!).Remove(name);
                yield return new DiffCase(c.Policies, c.EntitiesJson, [copy.ToJsonString()]);
            }
        }
    }

    private static IEnumerable<string> SmallerEntities(JsonArray entities)
    {
        for (var i = 0; i < entities.Count; i++)
        {
            var copy = (JsonArray)entities.DeepClone();
            copy.RemoveAt(i);
            yield return copy.ToJsonString();
        }

        for (var i = 0; i < entities.Count; i++)
        {
            if (entities[i] is not JsonObject entity)
            {
                continue;
            }

            foreach (var member in new[] { "attrs", "tags" })
            {
                if (entity[member] is not JsonObject values)
                {
                    continue;
                }

                foreach (var name in values.Select(p => p.Key).ToList())
                {
                    var copy = (JsonArray)entities.DeepClone();
                    ((JsonObject)copy[i]![member]!).Remove(name);
                    yield return copy.ToJsonString();
                }
            }

            if (entity["parents"] is JsonArray parents)
            {
                for (var p = 0; p < parents.Count; p++)
                {
                    var copy = (JsonArray)entities.DeepClone();
                    ((JsonArray)copy[i]!["parents"]!).RemoveAt(p);
                    yield return copy.ToJsonString();
                }
            }
        }
    }

    // Unannotated policies are named by position, so removing one renames those after it.
    private static List<CasePolicy> Renumber(List<CasePolicy> policies)
    {
        var result = new List<CasePolicy>(policies.Count);
        for (var i = 0; i < policies.Count; i++)
        {
            var p = policies[i];
            result.Add(p.Text.Contains("@id(", StringComparison.Ordinal) ? p : p with { Id = "policy" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        return result;
    }

    /// <summary>The policy text without each of its <c>when</c>/<c>unless</c> clauses in turn.</summary>
    private static IEnumerable<string> WithoutOneClause(string text)
    {
        foreach (var keyword in new[] { " when { ", "\nwhen { ", " unless { ", "\nunless { " })
        {
            for (var at = text.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(keyword, at + 1, StringComparison.Ordinal))
            {
                var end = ClosingBrace(text, at + keyword.Length - 1);
                if (end > 0)
                {
                    yield return text.Remove(at, end + 1 - at);
                }
            }
        }
    }

    // The brace that closes the one at `open`, skipping string literals and comments.
    private static int ClosingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '"':
                    for (i++; i < text.Length && text[i] != '"'; i++)
                    {
                        if (text[i] == '\\')
                        {
                            i++;
                        }
                    }

                    break;
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i < text.Length && text[i] != '\n')
                    {
                        i++;
                    }

                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return i;
                    }

                    break;
                default:
                    break;
            }
        }

        return -1;
    }
}
